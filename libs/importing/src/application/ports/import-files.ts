import type { Readable } from 'node:stream';

export interface ImportFile {
  id: string;
  name: string;
}

/** The owner's stored files, as the importing context reads them. */
export abstract class ImportFiles {
  abstract find(ownerId: string, fileId: string): Promise<ImportFile | null>;
  /** The file's bytes; `ImportFileNotFound` when it is no longer the owner's to read. */
  abstract open(ownerId: string, fileId: string): Promise<Readable>;
}
