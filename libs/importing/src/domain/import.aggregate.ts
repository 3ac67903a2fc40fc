import { AggregateRoot, uuidV7 } from '@app/shared-kernel';
import { ImportBatchDue } from './import-batch-due.event';
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
  /** The last staged row whose batch is processed and committed: the next batch starts after it. */
  lastProcessedRow: number;
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
      lastProcessedRow: 0,
      errorCode: null,
      error: null,
      createdAt: now,
      updatedAt: now,
    });
    started.record(started.statusChanged(now));
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

  get ownerId(): string {
    return this.state.ownerId;
  }

  get importType(): string {
    return this.state.importType;
  }

  get lastProcessedRow(): number {
    return this.state.lastProcessedRow;
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

  /** Every row is staged: the first batch is due. */
  finishStaging(columns: string[], now = new Date()): void {
    this.state.columns = [...columns];
    this.moveTo('staged', now);
    this.record(new ImportBatchDue(this.id, 0, now));
  }

  beginProcessing(now = new Date()): void {
    this.moveTo('processing', now);
  }

  /**
   * A batch of `rows` staged rows, up to `lastRow`, is processed and committed with this progress: `valid` rows saved,
   * `invalid` refused. The import completes when every staged row is processed (or the batch found none left);
   * otherwise the next batch is due.
   */
  processedBatch(batch: { rows: number; valid: number; invalid: number; lastRow: number; exhausted: boolean }, now = new Date()): void {
    const { counts } = this.state;
    counts.processed += batch.rows;
    counts.valid += batch.valid;
    counts.invalid += batch.invalid;
    this.state.lastProcessedRow = Math.max(this.state.lastProcessedRow, batch.lastRow);
    this.state.updatedAt = now;
    if (batch.exhausted || counts.processed >= counts.staged) this.moveTo(counts.invalid ? 'completed_with_errors' : 'completed', now);
    else this.record(new ImportBatchDue(this.id, this.state.lastProcessedRow, now));
  }

  fail(code: string, reason: string, now = new Date()): void {
    this.assertCanMoveTo('failed');
    this.state.errorCode = code;
    this.state.error = reason;
    this.moveTo('failed', now);
  }

  cancel(now = new Date()): void {
    this.moveTo('cancelled', now);
  }

  private assertCanMoveTo(status: ImportStatus): void {
    if (!NEXT[this.state.status].includes(status)) throw new IllegalImportTransition(this.id, this.state.status, status);
  }

  private moveTo(status: ImportStatus, now: Date): void {
    this.assertCanMoveTo(status);
    const changed = status !== this.state.status;
    this.state.status = status;
    this.state.updatedAt = now;
    if (changed) this.record(this.statusChanged(now));
  }

  private statusChanged(now: Date): ImportStatusChanged {
    const { id, ownerId, status, importType, counts, errorCode, error } = this.state;
    return new ImportStatusChanged(id, ownerId, status, now, importType, { ...counts }, errorCode, error);
  }
}
