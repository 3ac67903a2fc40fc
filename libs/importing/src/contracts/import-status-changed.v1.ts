import { IMPORT_STATUSES, type ImportStatus } from '../domain/import-status';

/** Routing key of {@link ImportStatusChangedV1} for one status: `importing.import.<status>.v1` (e.g. `importing.import.completed.v1`). */
export const importStatusChangedV1 = (status: ImportStatus): string => `importing.import.${status}.v1`;

/** Every routing key of {@link ImportStatusChangedV1}, one per status; bind `importing.import.*.v1` to hear them all. */
export const IMPORT_STATUS_CHANGED_V1_TYPES: readonly string[] = IMPORT_STATUSES.map(importStatusChangedV1);

/**
 * An import moved to another status (`pending → staging → staged → processing → completed | completed_with_errors |
 * failed | cancelled`), with its counts at that moment. Published once per transition (at-least-once on the wire:
 * subscribers deduplicate on the outbox message id); never changes shape (add a v2 beside it).
 */
export interface ImportStatusChangedV1 {
  import_id: string;
  owner_id: string;
  import_type: string;
  status: ImportStatus;
  counts: { staged: number; processed: number; valid: number; invalid: number };
  error_code: string | null;
  error: string | null;
  changed_at: string;
}
