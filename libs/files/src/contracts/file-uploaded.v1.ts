/** Routing key of {@link FileUploadedV1}. */
export const FILE_UPLOADED_V1 = 'files.file-uploaded.v1';

/**
 * A user's file is stored and can be read (by its id, through the files context). Published once per file
 * (at-least-once on the wire: subscribers deduplicate on the outbox message id); never changes shape (add a v2 beside it).
 */
export interface FileUploadedV1 {
  file_id: string;
  owner_id: string;
  /** The client's name for it, cleaned: its last path segment, without control characters. */
  name: string;
  size: number;
  /** Sniffed from the bytes, not taken from the client. */
  content_type: string;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
  uploaded_at: string;
}
