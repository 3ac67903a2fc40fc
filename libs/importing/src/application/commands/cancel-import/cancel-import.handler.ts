import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { ImportAlreadyOver, ImportNotFound } from '../../../domain/import.errors';
import { ImportTypes } from '../../import-types';
import { ImportReadModel } from '../../ports/import.read-model';
import { ImportRepository } from '../../ports/import.repository';
import { ImportView } from '../../queries/get-import/import.view';
import { CancelImportCommand } from './cancel-import.command';

@CommandHandler(CancelImportCommand)
export class CancelImportHandler implements ICommandHandler<CancelImportCommand> {
  constructor(
    private readonly imports: ImportRepository,
    private readonly types: ImportTypes,
    private readonly views: ImportReadModel,
  ) {}

  // why: the import is locked, so a batch running now finishes first and the next one finds it cancelled; a staging
  // under way stops at its next batch, whose progress update finds the status moved.
  @Transactional()
  async execute({ ownerId, importId }: CancelImportCommand): Promise<ImportView> {
    const found = await this.imports.findForUpdate(importId, ownerId);
    if (!found) throw new ImportNotFound(importId);
    if (found.isOver) throw new ImportAlreadyOver(importId, found.status);
    found.cancel();
    await this.imports.save(found);
    await this.types.get(found.importType).cancelled(ownerId, importId);
    return (await this.views.import(ownerId, importId))!;
  }
}
