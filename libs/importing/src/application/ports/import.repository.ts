import { Import } from '../../domain/import.aggregate';

/** Imports, stored with the outbox rows of what they recorded, in the caller's transaction. */
export abstract class ImportRepository {
  /** Writes a new import and its outbox rows (with this correlation id, or the current one). */
  abstract add(target: Import, correlationId?: string | null): Promise<void>;
  /** The import as it stands, unlocked. */
  abstract find(id: string): Promise<Import | null>;
  /** The import (the owner's, when given), locked until the transaction ends. */
  abstract findForUpdate(id: string, ownerId?: string): Promise<Import | null>;
  /**
   * Writes the import's status, columns, counts and progress, and its outbox rows. Throws (a plain error, so the work
   * is retried) when the import's status moved since it was read, e.g. cancelled while it was being staged.
   */
  abstract save(target: Import, correlationId?: string | null): Promise<void>;
}
