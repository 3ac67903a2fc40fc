import { Pool, PoolClient } from 'pg';
import { DispatchResult, OutboxRow } from './outbox-row';

const COLUMNS = 'id, type, kind, routing_key, payload, headers, aggregate_type, aggregate_id, correlation_id, created_at, attempts';

// why: a row waits while an earlier row of its aggregate is still pending, so order per aggregate holds across
// replicas. The check is a correlated first-pending-id lookup on the (aggregate_id, id) index, not NOT EXISTS: without fresh
// statistics (a new database, autovacuum off) the planner turned NOT EXISTS into a quadratic anti-join.
const FIRST_OF_ITS_AGGREGATE = `o.id = (SELECT e.id FROM platform.outbox e
                  WHERE e.aggregate_id = o.aggregate_id AND e.published_at IS NULL AND e.dead_at IS NULL
                  ORDER BY e.id LIMIT 1)`;

// why: rows due when written (available_at = created_at: nearly all), in id order on outbox_pending_idx, which holds only
// them. Rows due later (a scheduled send, up to 35 days ahead; a retry's backoff) are kept out of that index: walking past
// every one of them in id order cost each claim about 1.5 ms per thousand such rows, busy or idle.
export const CLAIM = `
  SELECT ${COLUMNS}
    FROM platform.outbox o
   WHERE o.published_at IS NULL AND o.dead_at IS NULL AND o.available_at <= o.created_at
     AND ${FIRST_OF_ITS_AGGREGATE}
   ORDER BY o.id
   LIMIT $1
   FOR UPDATE SKIP LOCKED`;

// why: rows due later that are due now, oldest due first, read through outbox_due_later_idx so that the ones not due yet
// are never read. The candidates are picked on the index alone (a plain ordered scan and LIMIT), then checked for their
// aggregate's order and locked: twice the batch, so a batch in flight beside this one, holding the first of them, leaves
// enough. They come first; the rows due when written fill the rest of the batch, in the same statement.
const CLAIM_BOTH = `
  WITH later AS (
    SELECT ${COLUMNS}
      FROM platform.outbox o
     WHERE o.id IN (SELECT d.id FROM platform.outbox d
                     WHERE d.published_at IS NULL AND d.dead_at IS NULL AND d.available_at > d.created_at AND d.available_at <= now()
                     ORDER BY d.available_at, d.id
                     LIMIT $1::int * 2)
       AND o.published_at IS NULL AND o.dead_at IS NULL AND o.available_at > o.created_at AND o.available_at <= now()
       AND ${FIRST_OF_ITS_AGGREGATE}
     ORDER BY o.id
     LIMIT $1::int
     FOR UPDATE SKIP LOCKED),
  due AS (${CLAIM.replace('$1', '$1::int - (SELECT count(*)::int FROM later)')})
  SELECT * FROM later UNION ALL SELECT * FROM due
  ORDER BY id`;

/** The relay's SQL: claim a batch, and settle each row in the same transaction. */
export class OutboxStore {
  constructor(readonly pool: Pool) {}

  /** Claims up to `limit` due rows, lets `work` dispatch them, records the results; one transaction. */
  async claim(limit: number, work: (rows: OutboxRow[]) => Promise<DispatchResult[]>): Promise<DispatchResult[]> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<OutboxRow>(CLAIM_BOTH, [limit]);
      const results = rows.length ? await work(rows) : [];
      await settle(client, results);
      await client.query('COMMIT');
      return results;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * The number of rows waiting and the age of the oldest, in seconds. A row written to be due later (a scheduled send)
   * is not waiting until it is due, and its age counts from then; a row being retried counts from its creation.
   */
  async backlog(): Promise<{ pending: number; oldestAgeSeconds: number }> {
    const { rows } = await this.pool.query<{ pending: string; oldest: number | null }>(
      `SELECT count(*) AS pending, extract(epoch FROM now() - min(CASE WHEN attempts = 0 THEN greatest(created_at, available_at) ELSE created_at END))::float8 AS oldest
         FROM platform.outbox WHERE published_at IS NULL AND dead_at IS NULL AND (attempts > 0 OR available_at <= now())`,
    );
    return { pending: Number(rows[0].pending), oldestAgeSeconds: rows[0].oldest ?? 0 };
  }

  /** Deletes published outbox rows and inbox rows older than the retention, a slice at a time. */
  async cleanUp(retentionMs: number, slice = 5_000): Promise<number> {
    const interval = `${Math.floor(retentionMs / 1000)} seconds`;
    let deleted = 0;
    for (const sql of [
      `DELETE FROM platform.outbox WHERE id IN (SELECT id FROM platform.outbox WHERE published_at < now() - $1::interval LIMIT $2)`,
      `DELETE FROM platform.inbox WHERE ctid IN (SELECT ctid FROM platform.inbox WHERE processed_at < now() - $1::interval LIMIT $2)`,
    ]) {
      for (let count = slice; count === slice; deleted += count) {
        count = (await this.pool.query(sql, [interval, slice])).rowCount ?? 0;
      }
    }
    return deleted;
  }
}

// why: a retry's wait counts from now, once the attempt failed (clock_timestamp), not from the start of the claim's
// transaction (now()), which came before the attempt ran: otherwise a slow attempt would shorten the wait it asked for.
async function settle(client: PoolClient, results: DispatchResult[]): Promise<void> {
  const published = results.filter((result) => result.outcome === 'published').map((result) => result.id);
  if (published.length) {
    await client.query('UPDATE platform.outbox SET published_at = now() WHERE id = ANY($1::uuid[])', [published]);
  }
  const failed = results.filter((result) => result.outcome !== 'published');
  if (failed.length) {
    await client.query(
      `UPDATE platform.outbox o
          SET attempts = o.attempts + 1, last_error = f.error,
              available_at = CASE WHEN f.dead THEN o.available_at ELSE clock_timestamp() + f.delay_ms * interval '1 millisecond' END,
              dead_at = CASE WHEN f.dead THEN now() END
         FROM jsonb_to_recordset($1::jsonb) AS f(id uuid, error text, delay_ms integer, dead boolean)
        WHERE o.id = f.id`,
      [JSON.stringify(failed.map((result) => ({ id: result.id, error: result.error, delay_ms: result.outcome === 'retry' ? result.delayMs : 0, dead: result.outcome === 'dead' })))],
    );
  }
}
