import { StoredFile } from '../../domain/stored-file.aggregate';

/** Files, stored with the outbox rows of what they recorded, in the caller's transaction. */
export abstract class FileRepository {
  abstract save(file: StoredFile): Promise<void>;
  /** The owner's stored file, deleted or not, locked until the transaction ends. */
  abstract findOwnedForUpdate(ownerId: string, id: string): Promise<StoredFile | null>;
  /** The file in any state, locked until the transaction ends. */
  abstract findForUpdate(id: string): Promise<StoredFile | null>;
  /** Forgets a file that never finished uploading. */
  abstract remove(file: StoredFile): Promise<void>;
  /** Uploads begun before `before` that never finished: their process failed or died. Oldest first. */
  abstract abandonedUploads(before: Date, limit: number): Promise<StoredFile[]>;
}
