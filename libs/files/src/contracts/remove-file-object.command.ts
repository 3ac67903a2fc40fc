/** Name (and routing key on `missive.commands`) of the async command that removes a deleted file's bytes from storage. */
export const REMOVE_FILE_OBJECT = 'files.remove-object';

/**
 * Payload of {@link REMOVE_FILE_OBJECT}: which file. Written to the outbox when a file is deleted; its one
 * handler removes the bytes. Never changes shape (add a version beside it).
 */
export interface RemoveFileObjectPayload {
  file_id: string;
  schema_version: 1;
}
