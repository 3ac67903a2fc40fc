import { Client } from 'pg';
import { CLAIM } from '../../libs/platform/src/outbox/relay/outbox-store';
import { BATCH, ROUTING_KEY, ROWS } from './relay-settings';
import { fillOutbox } from './rows';

/**
 * The bare loop's claim: due rows in the order of whichever partial index of pending rows the schema has
 * (`(id)` or `(available_at, id)`, see `bareClaim()`), nothing else: no per-aggregate ordering.
 */
function bareClaimSql(orderBy: string, due: string): string {
  return `
  SELECT id, type, routing_key, payload, headers, correlation_id, created_at
    FROM platform.outbox
   WHERE published_at IS NULL AND dead_at IS NULL AND ${due}
   ORDER BY ${orderBy}
   LIMIT $1
   FOR UPDATE SKIP LOCKED`;
}

/**
 * The schema moves: the bare loop orders by the partial index of pending rows that exists, with that index's own
 * condition of being due (rows due when written, where the index holds only those), so it stays the cheap drain.
 */
export async function bareClaim(client: Client): Promise<string> {
  const { rows } = await client.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'platform' AND tablename = 'outbox'`);
  const partial = (columns: string) => rows.find(({ indexdef }) => indexdef.includes(`(${columns}) WHERE`) && /published_at IS NULL/.test(indexdef));
  const byId = partial('id');
  if (byId) return bareClaimSql('id', /available_at <= created_at/.test(byId.indexdef) ? 'available_at <= created_at' : 'available_at <= now()');
  return bareClaimSql(partial('available_at, id') ? 'available_at, id' : 'id', 'available_at <= now()');
}

/** `OutboxStore`'s claim of the rows due when written (the bench's rows all are), only to EXPLAIN it. */
export const MISSIVE_CLAIM = CLAIM;

export async function explain(client: Client, sql: string): Promise<string[]> {
  await client.query('BEGIN');
  try {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, [BATCH]);
    return rows.map((row) => row['QUERY PLAN']);
  } finally {
    await client.query('ROLLBACK');
  }
}

/**
 * The claim once the table holds what a drain leaves behind — every row published, kept for OUTBOX_RETENTION
 * (7 days by default) — and a fresh batch arrives: the plan as the run ended, then after ANALYZE.
 */
export async function explainAfterDrain(client: Client, bareSql: string) {
  await fillOutbox(client, BATCH, ROUTING_KEY);
  const summary = (plan: string[]) => plan.filter((line) => /Limit|LockRows|SubPlan|Scan|Sort|Rows Removed|Execution Time/.test(line)).map((line) => line.trim());
  const result = {
    published_rows_kept: ROWS,
    new_due_rows: BATCH,
    missive_claim: summary(await explain(client, MISSIVE_CLAIM)),
    bare_claim: summary(await explain(client, bareSql)),
    /** Again: the first scan marked the index entries of the published rows dead, so this one skips them. */
    bare_claim_again: summary(await explain(client, bareSql)),
    missive_claim_again: summary(await explain(client, MISSIVE_CLAIM)),
    missive_claim_after_analyze: [] as string[],
  };
  await client.query('ANALYZE platform.outbox');
  result.missive_claim_after_analyze = summary(await explain(client, MISSIVE_CLAIM));
  return result;
}
