/** Name (and routing key on `missive.commands`) of the async command that processes one batch of an import's rows. */
export const PROCESS_IMPORT_BATCH = 'importing.process-import-batch';

/**
 * Payload of {@link PROCESS_IMPORT_BATCH}: the staged rows of one import after `after_row`, one batch of them. The
 * batch's effects, the import's progress and the next batch's command commit in one transaction; a batch whose
 * `after_row` is no longer the import's last processed row is already done and changes nothing. Never changes shape.
 */
export interface ProcessImportBatchPayload {
  import_id: string;
  after_row: number;
  schema_version: 1;
}
