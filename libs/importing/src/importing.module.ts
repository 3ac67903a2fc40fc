import { Module } from '@nestjs/common';
import { FilesModule } from '@app/files';
import { CancelImportHandler } from './application/commands/cancel-import/cancel-import.handler';
import { FailImportHandler } from './application/commands/fail-import/fail-import.handler';
import { ProcessImportBatchHandler } from './application/commands/process-import-batch/process-import-batch.handler';
import { StageImportHandler } from './application/commands/stage-import/stage-import.handler';
import { StartImportHandler } from './application/commands/start-import/start-import.handler';
import { ImportBatching } from './application/import-batching';
import { ImportTypes } from './application/import-types';
import { ImportFiles } from './application/ports/import-files';
import { ImportReadModel } from './application/ports/import.read-model';
import { ImportRepository } from './application/ports/import.repository';
import { ImportRowErrors } from './application/ports/import-row-errors';
import { RowStaging } from './application/ports/row-staging';
import { StagedRows } from './application/ports/staged-rows';
import { TableReader } from './application/ports/table-reader';
import { GetImportHandler } from './application/queries/get-import/get-import.handler';
import { ListImportErrorsHandler } from './application/queries/list-import-errors/list-import-errors.handler';
import { ListImportsHandler } from './application/queries/list-imports/list-imports.handler';
import { CatalogImportFiles } from './infrastructure/files/catalog-import.files';
import { PgCopyRowStaging } from './infrastructure/persistence/pg-copy.row-staging';
import { PgImportRowErrors } from './infrastructure/persistence/pg-import-row-errors';
import { PgImportRepository } from './infrastructure/persistence/pg-import.repository';
import { PgStagedRows } from './infrastructure/persistence/pg-staged-rows';
import { SqlImportReadModel } from './infrastructure/persistence/sql-import.read-model';
import { TabularFileReader } from './infrastructure/readers/tabular-file.reader';
import { DEFAULT_IMPORT_BATCH_ROWS, ImportingSettings } from './importing.settings';

/**
 * The importing context: imports of CSV/XLSX files, staged then processed in batches by their import type. A context
 * adds a type by registering it with the exported `ImportTypes`. Transport-free; see its Amqp module.
 */
@Module({
  imports: [FilesModule],
  providers: [
    ImportTypes,
    StartImportHandler,
    CancelImportHandler,
    FailImportHandler,
    StageImportHandler,
    ProcessImportBatchHandler,
    GetImportHandler,
    ListImportsHandler,
    ListImportErrorsHandler,
    // why: optional, so that a process composed without the importing settings (a tool, a test) still batches by the default.
    {
      provide: ImportBatching,
      inject: [{ token: ImportingSettings, optional: true }],
      useFactory: (settings?: ImportingSettings) => new ImportBatching(settings?.batchRows ?? DEFAULT_IMPORT_BATCH_ROWS),
    },
    { provide: ImportRepository, useClass: PgImportRepository },
    { provide: ImportReadModel, useClass: SqlImportReadModel },
    { provide: ImportRowErrors, useClass: PgImportRowErrors },
    { provide: StagedRows, useClass: PgStagedRows },
    { provide: ImportFiles, useClass: CatalogImportFiles },
    { provide: RowStaging, useClass: PgCopyRowStaging },
    { provide: TableReader, useClass: TabularFileReader },
  ],
  exports: [ImportTypes],
})
export class ImportingModule {}
