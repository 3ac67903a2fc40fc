/** Name (and routing key on `missive.commands`) of the async command that stages an import's file into rows. */
export const STAGE_IMPORT = 'importing.stage-import';

/**
 * Payload of {@link STAGE_IMPORT}: which import. Written to the outbox when an import starts; its one handler reads
 * the file and stages its rows in committed batches, taken up after the last one when run again. Never changes shape.
 */
export interface StageImportPayload {
  import_id: string;
  schema_version: 1;
}
