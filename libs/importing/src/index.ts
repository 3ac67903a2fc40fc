export * from './contracts';
export * from './application/ports/table-reader';
export * from './domain/import-file.errors';
export * from './domain/table-limits';
export { IMPORT_STATUSES, type ImportStatus } from './domain/import-status';
export {
  ImportAlreadyOver,
  ImportColumnsRefused,
  ImportFileNotFound,
  ImportNotFound,
  InvalidImportConfig,
  InvalidImportCursor,
  UnknownImportType,
  type ConfigProblem,
} from './domain/import.errors';
export * from './application/import-type';
export { ImportTypes } from './application/import-types';
export { StartImportCommand, type StartImport } from './application/commands/start-import/start-import.command';
export { CancelImportCommand } from './application/commands/cancel-import/cancel-import.command';
export { GetImportQuery } from './application/queries/get-import/get-import.query';
export type { ImportCountsView, ImportRowErrorView, ImportView } from './application/queries/get-import/import.view';
export { ListImportsQuery } from './application/queries/list-imports/list-imports.query';
export { ListImportErrorsQuery } from './application/queries/list-import-errors/list-import-errors.query';
export { ImportingModule } from './importing.module';
export { DEFAULT_IMPORT_BATCH_ROWS, ImportingSettings } from './importing.settings';
export { ImportingAmqpModule } from './interface/amqp/importing-amqp.module';
export { STAGE_IMPORT_QUEUE } from './interface/amqp/stage-import.consumer';
export { PROCESS_IMPORT_BATCH_QUEUE } from './interface/amqp/process-import-batch.consumer';
export { TabularFileReader } from './infrastructure/readers/tabular-file.reader';
