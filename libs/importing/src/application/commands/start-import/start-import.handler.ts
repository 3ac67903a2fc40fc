import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Import } from '../../../domain/import.aggregate';
import { ImportFileNotFound } from '../../../domain/import.errors';
import { engineOptionsOf } from '../../engine-options';
import { ImportTypes } from '../../import-types';
import { ImportFiles } from '../../ports/import-files';
import { ImportRepository } from '../../ports/import.repository';
import { StartImportCommand } from './start-import.command';

@CommandHandler(StartImportCommand)
export class StartImportHandler implements ICommandHandler<StartImportCommand> {
  constructor(
    private readonly types: ImportTypes,
    private readonly files: ImportFiles,
    private readonly imports: ImportRepository,
  ) {}

  async execute({ ownerId, fileId, importType, config, correlationId }: StartImportCommand): Promise<{ id: string }> {
    const type = this.types.get(importType);
    engineOptionsOf(type.name, config);
    await type.parseConfig(ownerId, config);
    if (!(await this.files.find(ownerId, fileId))) throw new ImportFileNotFound(fileId);
    return this.start(Import.start({ ownerId, fileId, importType: type.name, config }), correlationId);
  }

  @Transactional()
  private async start(started: Import, correlationId: string | null): Promise<{ id: string }> {
    await this.imports.add(started, correlationId);
    return { id: started.id };
  }
}
