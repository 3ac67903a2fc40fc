import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { OutboxMessage, OutboxWriter } from '@app/platform';
import { ImportRepository } from '../../application/ports/import.repository';
import { Import } from '../../domain/import.aggregate';
import type { ImportStatus } from '../../domain/import-status';
import { toOutboxMessages } from '../outbox/importing.published-events';
import { fromRow, IMPORT_COLUMNS, ImportRow } from './import.row';

/** The import's status moved since it was read (another process changed it): the work is retried and sees the new one. */
export class ImportChangedMeanwhile extends Error {
  constructor(id: string, expected: ImportStatus) {
    super(`Import ${id} is no longer ${expected}`);
    this.name = 'ImportChangedMeanwhile';
  }
}

const ADD_IMPORT = `added AS (
  INSERT INTO importing.imports (id, owner_id, file_id, import_type, config, status, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $7))`;

@Injectable()
export class PgImportRepository extends ImportRepository {
  // why: the status each import had when read or last saved, so that a save over a status moved by another process fails.
  private readonly known = new WeakMap<Import, ImportStatus>();

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly outbox: OutboxWriter,
  ) {
    super();
  }

  async add(target: Import, correlationId: string | null = null): Promise<void> {
    const { id, ownerId, fileId, importType, config, status, createdAt } = target.snapshot();
    const values = [id, ownerId, fileId, importType, JSON.stringify(config), status, createdAt];
    await this.outbox.appendWith({ name: 'importing.add-import', ctes: ADD_IMPORT, values }, this.outboxRows(target, correlationId));
    this.known.set(target, status);
  }

  async find(id: string): Promise<Import | null> {
    return this.read(`SELECT ${IMPORT_COLUMNS} FROM importing.imports i WHERE i.id = $1`, [id]);
  }

  async findForUpdate(id: string, ownerId?: string): Promise<Import | null> {
    return this.read(`SELECT ${IMPORT_COLUMNS} FROM importing.imports i WHERE i.id = $1 AND ($2::uuid IS NULL OR i.owner_id = $2) FOR UPDATE`, [id, ownerId ?? null]);
  }

  async save(target: Import, correlationId: string | null = null): Promise<void> {
    const state = target.snapshot();
    const expected = this.known.get(target) ?? state.status;
    const updated: unknown[] = await this.txHost.tx.query(
      `UPDATE importing.imports SET status = $3, columns = $4, staged_rows = $5, last_staged_row = $6, last_processed_row = $7, processed_rows = $8,
              valid_rows = $9, invalid_rows = $10, error_code = $11, error = $12, updated_at = $13
        WHERE id = $1 AND status = $2 RETURNING 1`,
      [
        state.id,
        expected,
        state.status,
        state.columns,
        state.counts.staged,
        state.lastStagedRow,
        state.lastProcessedRow,
        state.counts.processed,
        state.counts.valid,
        state.counts.invalid,
        state.errorCode,
        state.error,
        state.updatedAt,
      ],
    );
    if (updated.length === 0) throw new ImportChangedMeanwhile(state.id, expected);
    this.known.set(target, state.status);
    await this.outbox.append(this.outboxRows(target, correlationId));
  }

  private async read(sql: string, values: unknown[]): Promise<Import | null> {
    const [row]: ImportRow[] = await this.txHost.tx.query(sql, values);
    if (!row) return null;
    const found = Import.restore(fromRow(row));
    this.known.set(found, row.status);
    return found;
  }

  private outboxRows(target: Import, correlationId: string | null): OutboxMessage[] {
    const rows = toOutboxMessages(target.pullEvents());
    return correlationId === null ? rows : rows.map((row) => ({ ...row, correlationId }));
  }
}
