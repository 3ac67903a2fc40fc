import { AggregateRoot, uuidV7 } from '@app/shared-kernel';
import { ImportStatusChanged } from './import-status-changed.event';
import { IllegalImportTransition } from './import.errors';
import { ImportStatus } from './import-status';

export { IMPORT_STATUSES, type ImportStatus } from './import-status';

// why: `staging → staging` and `processing → processing` are a dispatcher taking up work another one died in.
const NEXT: Record<ImportStatus, readonly ImportStatus[]> = {
  pending: ['staging', 'failed', 'cancelled'],
  staging: ['staging', 'staged', 'failed', 'cancelled'],
  staged: ['processing', 'failed', 'cancelled'],
  processing: ['processing', 'completed', 'completed_with_errors', 'failed', 'cancelled'],
  completed: [],
  completed_with_errors: [],
  failed: [],
  cancelled: [],
};

export interface ImportCounts {
  /** Data rows staged from the file. */
  staged: number;
  processed: number;
  /** Rows the handler saved something for: counted from what was written, never from what was read. */
  valid: number;
  invalid: number;
}

export interface ImportState {
  id: string;
  ownerId: string;
  fileId: string;
  importType: string;
  config: Record<string, unknown>;
  status: ImportStatus;
  columns: string[] | null;
  counts: ImportCounts;
  /** The last file row staged and committed: a staging taken up again starts after it. */
  lastStagedRow: number;
  errorCode: string | null;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One file imported by one import type: staged into rows, then processed in batches by the type's handler. */
export class Import extends AggregateRoot {
  private constructor(private readonly state: ImportState) {
    super();
  }

  static start(fields: { ownerId: string; fileId: string; importType: string; config: Record<string, unknown> }, now = new Date()): Import {
    const started = new Import({
      id: uuidV7(now.getTime()),
      ...fields,
      status: 'pending',
      columns: null,
      counts: { staged: 0, processed: 0, valid: 0, invalid: 0 },
      lastStagedRow: 0,
      errorCode: null,
      error: null,
      createdAt: now,
      updatedAt: now,
    });
    started.record(new ImportStatusChanged(started.id, started.state.ownerId, 'pending', now));
    return started;
  }

  static restore(state: ImportState): Import {
    return new Import({ ...state, counts: { ...state.counts } });
  }

  get id(): string {
    return this.state.id;
  }

  get status(): ImportStatus {
    return this.state.status;
  }

  get isOver(): boolean {
    return NEXT[this.state.status].length === 0;
  }

  snapshot(): Readonly<ImportState> {
    return { ...this.state, counts: { ...this.state.counts } };
  }

  beginStaging(now = new Date()): void {
    this.moveTo('staging', now);
  }

  /** Rows up to `lastRow` are staged and committed with this progress. */
  stagedBatch(rows: number, lastRow: number, now = new Date()): void {
    this.state.counts.staged += rows;
    this.state.lastStagedRow = lastRow;
    this.state.updatedAt = now;
  }

  finishStaging(columns: string[], now = new Date()): void {
    this.state.columns = [...columns];
    this.moveTo('staged', now);
  }

  beginProcessing(now = new Date()): void {
    this.moveTo('processing', now);
  }

  processedBatch(valid: number, invalid: number, now = new Date()): void {
    this.state.counts.processed += valid + invalid;
    this.state.counts.valid += valid;
    this.state.counts.invalid += invalid;
    this.state.updatedAt = now;
    if (this.state.counts.processed >= this.state.counts.staged) this.moveTo(this.state.counts.invalid ? 'completed_with_errors' : 'completed', now);
  }

  fail(code: string, reason: string, now = new Date()): void {
    this.moveTo('failed', now);
    this.state.errorCode = code;
    this.state.error = reason;
  }

  cancel(now = new Date()): void {
    this.moveTo('cancelled', now);
  }

  private moveTo(status: ImportStatus, now: Date): void {
    if (!NEXT[this.state.status].includes(status)) throw new IllegalImportTransition(this.id, this.state.status, status);
    const changed = status !== this.state.status;
    this.state.status = status;
    this.state.updatedAt = now;
    if (changed) this.record(new ImportStatusChanged(this.id, this.state.ownerId, status, now));
  }
}
