export interface FileView {
  id: string;
  name: string;
  size: number;
  content_type: string;
  /** Hex SHA-256 of the bytes; also the download's ETag. */
  sha256: string;
  created_at: string;
}
