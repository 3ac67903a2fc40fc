import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { ImportRepository } from '../../ports/import.repository';
import { FailImportCommand } from './fail-import.command';

@CommandHandler(FailImportCommand)
export class FailImportHandler implements ICommandHandler<FailImportCommand> {
  constructor(private readonly imports: ImportRepository) {}

  @Transactional()
  async execute({ importId, code, reason }: FailImportCommand): Promise<void> {
    const found = await this.imports.findForUpdate(importId);
    if (!found || found.isOver) return;
    found.fail(code, reason);
    await this.imports.save(found);
  }
}
