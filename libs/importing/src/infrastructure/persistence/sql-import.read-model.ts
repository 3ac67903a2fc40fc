import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { keysetPage, Page } from '@app/shared-kernel';
import { ImportReadModel } from '../../application/ports/import.read-model';
import { ImportRowErrorView, ImportView } from '../../application/queries/get-import/import.view';
import { InvalidImportCursor } from '../../domain/import.errors';
import { IMPORT_COLUMNS, ImportRow } from './import.row';

const ERROR_CURSOR = /^(\d{1,10})\.(\d{1,5})$/;

@Injectable()
export class SqlImportReadModel extends ImportReadModel {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async import(ownerId: string, id: string): Promise<ImportView | null> {
    const [row]: ImportRow[] = await this.txHost.tx.query(`SELECT ${IMPORT_COLUMNS} FROM importing.imports i WHERE i.owner_id = $1 AND i.id = $2`, [ownerId, id]);
    return row ? importView(row) : null;
  }

  imports(ownerId: string, { importType, cursor, limit }: { importType: string | null; cursor: string | null; limit: number }): Promise<Page<ImportView>> {
    return keysetPage(limit, (view) => view.id, async (take) => {
      const rows: ImportRow[] = await this.txHost.tx.query(
        `SELECT ${IMPORT_COLUMNS} FROM importing.imports i
          WHERE i.owner_id = $1 AND ($2::text IS NULL OR i.import_type = $2) AND ($3::uuid IS NULL OR i.id < $3::uuid)
          ORDER BY i.id DESC LIMIT $4`,
        [ownerId, importType, cursor, take],
      );
      return rows.map(importView);
    });
  }

  async errors(ownerId: string, importId: string, cursor: string | null, limit: number): Promise<Page<ImportRowErrorView> | null> {
    const after = cursor === null ? [0, -1] : ERROR_CURSOR.exec(cursor)?.slice(1).map(Number);
    if (!after) throw new InvalidImportCursor(cursor!);
    const [owned]: unknown[] = await this.txHost.tx.query('SELECT 1 FROM importing.imports WHERE owner_id = $1 AND id = $2', [ownerId, importId]);
    if (!owned) return null;
    const page = await keysetPage<ImportRowErrorView & { seq: number }>(limit, (error) => `${error.row}.${error.seq}`, (take) =>
      this.txHost.tx.query(
        `SELECT e."row", e.seq, e."column", e.value, e.code, e.message FROM importing.import_row_errors e
          WHERE e.owner_id = $1 AND e.import_id = $2 AND (e."row", e.seq) > ($3, $4)
          ORDER BY e."row", e.seq LIMIT $5`,
        [ownerId, importId, after[0], after[1], take],
      ),
    );
    return { items: page.items.map(({ seq: _seq, ...error }) => error), next_cursor: page.next_cursor };
  }
}

function importView(row: ImportRow): ImportView {
  // why: the columns are set when the last row is staged, so they say whether the file's row count is known.
  const staged = row.columns !== null;
  return {
    id: row.id,
    file_id: row.file_id,
    import_type: row.import_type,
    status: row.status,
    counts: { rows: staged ? row.staged_rows : null, staged: row.staged_rows, processed: row.processed_rows, valid: row.valid_rows, invalid: row.invalid_rows },
    error_code: row.error_code,
    error: row.error,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
