export * from './import-status-changed.v1';
export * from './process-import-batch.command';
export * from './stage-import.command';
