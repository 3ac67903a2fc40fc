import type { Readable } from 'node:stream';

/** A user's stored file, as other contexts see it. */
export interface CatalogFile {
  id: string;
  /** The client's name for it, cleaned. */
  name: string;
  size: number;
  /** Sniffed from the bytes, not taken from the client. */
  contentType: string;
}

/**
 * What other contexts may read of a user's files (to send them as attachments, to import them): exported by
 * `FilesModule`. An owner sees only their own stored, undeleted files.
 */
export abstract class FileCatalog {
  /** The owner's files among these ids, in no particular order; unknown, deleted and other owners' ids are left out. */
  abstract owned(ownerId: string, ids: readonly string[]): Promise<CatalogFile[]>;
  /** The bytes of the owner's file; `FileNotFound` (a domain error) when it is not, or no longer, theirs to read. */
  abstract open(ownerId: string, id: string): Promise<Readable>;
}
