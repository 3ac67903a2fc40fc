import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import { DomainError } from '@app/shared-kernel';
import { Import } from '../../../domain/import.aggregate';
import { DEFAULT_TABLE_LIMITS } from '../../../domain/table-limits';
import { engineOptionsOf } from '../../engine-options';
import { ImportFiles } from '../../ports/import-files';
import { ImportRepository } from '../../ports/import.repository';
import { ImportNoLongerStaging, RowStaging } from '../../ports/row-staging';
import { TableReader } from '../../ports/table-reader';
import { StageImportCommand } from './stage-import.command';

@CommandHandler(StageImportCommand)
export class StageImportHandler implements ICommandHandler<StageImportCommand> {
  constructor(
    private readonly imports: ImportRepository,
    private readonly files: ImportFiles,
    private readonly reader: TableReader,
    private readonly staging: RowStaging,
  ) {}

  // why: the rows commit batch by batch on connections of their own while the file is read, so `staging` commits
  // first, on its own; the end (staged or failed, the first batch's command) commits with the caller's inbox row.
  async execute({ importId }: StageImportCommand): Promise<void> {
    const found = await this.imports.find(importId);
    if (!found || (found.status !== 'pending' && found.status !== 'staging')) return;
    await this.begin(found);
    try {
      const columns = await this.stage(found);
      found.finishStaging(columns);
    } catch (error) {
      if (error instanceof ImportNoLongerStaging) return;
      if (!(error instanceof DomainError)) throw error;
      found.fail(codeOf(error), error.message);
    }
    await this.imports.save(found);
  }

  @Transactional(Propagation.RequiresNew)
  private async begin(found: Import): Promise<void> {
    found.beginStaging();
    await this.imports.save(found);
  }

  private async stage(found: Import): Promise<string[]> {
    const { ownerId, fileId, importType, config } = found.snapshot();
    const { encoding, sheet } = engineOptionsOf(importType, config);
    const file = await this.files.find(ownerId, fileId);
    const content = await this.files.open(ownerId, fileId);
    try {
      const table = await this.reader.open({ content, fileName: file?.name ?? fileId, encoding, sheet, limits: DEFAULT_TABLE_LIMITS });
      await this.staging.stage(found, table.rows);
      return table.columns;
    } finally {
      content.destroy();
    }
  }
}

function codeOf(error: DomainError): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error.name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}
