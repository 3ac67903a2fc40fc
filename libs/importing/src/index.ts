export * from './application/ports/table-reader';
export * from './domain/import-file.errors';
export * from './domain/table-limits';
export { TabularFileReader } from './infrastructure/readers/tabular-file.reader';
