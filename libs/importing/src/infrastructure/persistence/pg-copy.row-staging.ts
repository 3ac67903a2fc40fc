import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { ImportNoLongerStaging, RowStaging } from '../../application/ports/row-staging';
import { TableRow } from '../../application/ports/table-reader';
import { Import } from '../../domain/import.aggregate';
import { copyLine } from './copy-text';

export const STAGING_BATCH_ROWS = 20_000;

/** Stages rows with COPY, a batch per transaction, each with the import's progress. */
@Injectable()
export class PgCopyRowStaging extends RowStaging {
  // why: COPY needs the pg client itself, and each batch its own transaction, committed while the file is still read:
  // this is the staging's unit of work, not a caller's.
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async stage(target: Import, rows: AsyncIterable<TableRow>): Promise<void> {
    const { id, ownerId, lastStagedRow } = target.snapshot();
    let batch: string[] = [];
    let lastRow = lastStagedRow;
    for await (const { row, cells } of rows) {
      if (row <= lastStagedRow) continue;
      batch.push(copyLine(ownerId, id, row, cells));
      lastRow = row;
      if (batch.length >= STAGING_BATCH_ROWS) {
        await this.commit(target, batch, lastRow);
        batch = [];
      }
    }
    if (batch.length) await this.commit(target, batch, lastRow);
  }

  private async commit(target: Import, lines: string[], lastRow: number): Promise<void> {
    const client: PoolClient = await (this.dataSource.driver as unknown as { master: Pool }).master.connect();
    try {
      await client.query('BEGIN');
      await pipeline(Readable.from(lines), client.query(copyFrom('COPY importing.import_rows (owner_id, import_id, "row", cells) FROM STDIN')));
      const { rowCount } = await client.query(
        `UPDATE importing.imports SET staged_rows = staged_rows + $2, last_staged_row = $3, updated_at = now() WHERE id = $1 AND status = 'staging'`,
        [target.id, lines.length, lastRow],
      );
      if (rowCount === 0) throw new ImportNoLongerStaging(target.id);
      await client.query('COMMIT');
      target.stagedBatch(lines.length, lastRow);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
