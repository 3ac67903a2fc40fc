import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { BATCH, ROUTING_KEY, ROWS } from './relay-settings';
import { fillOutbox } from './rows';

/**
 * The bare loop's claim: due rows in the order of whichever partial index of pending rows the schema has
 * (`(id)` or `(available_at, id)`, see `bareClaim()`), nothing else: no per-aggregate ordering.
 */
function bareClaimSql(orderBy: string): string {
  return `
  SELECT id, type, routing_key, payload, headers, correlation_id, created_at
    FROM platform.outbox
   WHERE published_at IS NULL AND dead_at IS NULL AND available_at <= now()
   ORDER BY ${orderBy}
   LIMIT $1
   FOR UPDATE SKIP LOCKED`;
}

/** The schema moves: the bare loop orders by the partial index of pending rows that exists, so it stays the cheap drain. */
export async function bareClaim(client: Client): Promise<string> {
  const { rows } = await client.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'platform' AND tablename = 'outbox'`);
  const partial = (columns: string) => rows.some(({ indexdef }) => indexdef.includes(`(${columns}) WHERE`) && /published_at IS NULL/.test(indexdef));
  return bareClaimSql(partial('id') ? 'id' : partial('available_at, id') ? 'available_at, id' : 'id');
}

/** `OutboxStore`'s claim, read from its source (it is not exported), only to EXPLAIN it; a copy if the source moved. */
export const MISSIVE_CLAIM = (() => {
  try {
    const source = readFileSync(join(__dirname, '..', '..', 'libs/platform/src/outbox/relay/outbox-store.ts'), 'utf8');
    const claim = /const CLAIM = `([^`]+)`/.exec(source)?.[1];
    if (claim) return claim;
  } catch {
    // fall through to the copy
  }
  return `
  SELECT id, type, kind, routing_key, payload, headers, aggregate_type, aggregate_id, correlation_id, created_at, attempts
    FROM platform.outbox o
   WHERE o.published_at IS NULL AND o.dead_at IS NULL AND o.available_at <= now()
     AND NOT EXISTS (SELECT 1 FROM platform.outbox e
                      WHERE e.aggregate_id = o.aggregate_id AND e.id < o.id AND e.published_at IS NULL AND e.dead_at IS NULL)
   ORDER BY o.id
   LIMIT $1
   FOR UPDATE SKIP LOCKED`;
})();

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
