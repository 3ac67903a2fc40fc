/**
 * `npm run bench:relay` — how fast the outbox drains to RabbitMQ, against what this box can do.
 *
 *   (c) the broker's ceiling: amqplib confirm-publish (window 1000), consume with manual acks (prefetch 200), both at once;
 *   (a) a bare drain loop: pg + amqplib, `BEGIN; SELECT … FOR UPDATE SKIP LOCKED LIMIT 500`, confirm-publish the batch, mark, COMMIT;
 *   (b) Missive's `OutboxRelay` (`createRelay` + `BrokerDispatch` on `confirmChannel(connectAmqp(…))`), `drainAll()`.
 *
 * (a) and (b) each drain the same number of freshly written rows (BENCH_ROWS, default 100,000; ~300 B payloads)
 * in a database and a RabbitMQ vhost of the bench's own, both removed at the end.
 */
import 'reflect-metadata';
import amqplib from 'amqplib';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AppConfig } from '../libs/platform/src/config/app-config';
import { confirmChannel, connectAmqp } from '../libs/platform/src/amqp/amqp-connection';
import { messageProperties } from '../libs/platform/src/amqp/message-properties';
import { EXCHANGES, Topology } from '../libs/platform/src/amqp/topology';
import { BrokerDispatch } from '../libs/platform/src/outbox/relay/broker-dispatch';
import { DispatchResult, OutboxDispatch, OutboxRow } from '../libs/platform/src/outbox/relay/outbox-row';
import { createRelay } from '../libs/platform/src/outbox/relay/relay-runner';
import { uuidV7 } from '../libs/shared-kernel/src/uuid-v7';
import { BrokerCeiling, brokerCeiling, brokerVersion, rate, Rate, round, scratchVhost } from './support/broker';
import { envInt, onCleanup, runBench, within } from './support/cleanup';
import { connect, freshDatabase, serverVersion, settle } from './support/database';
import { profileQueries, relayQueryKind } from './support/query-profile';
import { machine, percentiles, table, writeResults } from './support/results';
import { fillOutbox, payloadOf } from './support/rows';

const ROWS = envInt('BENCH_ROWS', 100_000);
const BATCH = envInt('BENCH_BATCH', 500);
const WINDOW = 1_000;
const PREFETCH = 200;
const TIMEOUT_MS = envInt('BENCH_TIMEOUT_S', 600) * 1000;
const ROUTING_KEY = 'bench.relay';
const SINK = 'bench.relay.sink';

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

let BARE_CLAIM = bareClaimSql('id');

/** The schema moves: the bare loop orders by the partial index of pending rows that exists, so it stays the cheap drain. */
async function bareClaim(client: Client): Promise<string> {
  const { rows } = await client.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'platform' AND tablename = 'outbox'`);
  const partial = (columns: string) => rows.some(({ indexdef }) => indexdef.includes(`(${columns}) WHERE`) && /published_at IS NULL/.test(indexdef));
  return bareClaimSql(partial('id') ? 'id' : partial('available_at, id') ? 'available_at, id' : 'id');
}

/** `OutboxStore`'s claim, read from its source (it is not exported), only to EXPLAIN it; a copy if the source moved. */
const MISSIVE_CLAIM = (() => {
  try {
    const source = readFileSync(join(__dirname, '..', 'libs/platform/src/outbox/relay/outbox-store.ts'), 'utf8');
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

/** Where Missive's commands go, plus a scratch queue that takes the bench's routing key. */
const SINK_TOPOLOGY: Topology = {
  exchanges: [
    { name: EXCHANGES.commands, type: 'direct' },
    { name: EXCHANGES.events, type: 'topic' },
  ],
  queues: [{ name: SINK, arguments: { 'x-queue-type': 'classic', 'x-queue-version': 2 } }],
  bindings: [{ source: EXCHANGES.commands, destination: SINK, routingKey: ROUTING_KEY, arguments: {} }],
};

/** Wraps the real dispatch to time it (publish + confirms), nothing more. */
class TimedDispatch extends OutboxDispatch {
  readonly samples: number[] = [];
  constructor(private readonly inner: OutboxDispatch) {
    super();
  }

  async dispatch(rows: OutboxRow[]): Promise<DispatchResult[]> {
    const started = performance.now();
    try {
      return await this.inner.dispatch(rows);
    } finally {
      this.samples.push(performance.now() - started);
    }
  }
}

interface DrainRun {
  rate: Rate;
  batches: number;
  /** Milliseconds by step, summed over the run. */
  profile: Record<string, { count: number; total_ms: number; share: string; per_batch_ms: Record<string, number> }>;
  /** The claim's mean time in the first and the last tenth of the batches: does it slow down as the table drains? */
  claim_trend_ms: { first_tenth: number; last_tenth: number };
  explain_claim_full_table: string[];
}

async function explain(client: Client, sql: string): Promise<string[]> {
  await client.query('BEGIN');
  try {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, [BATCH]);
    return rows.map((row) => row['QUERY PLAN']);
  } finally {
    await client.query('ROLLBACK');
  }
}

async function prepareTable(client: Client): Promise<number> {
  await client.query('TRUNCATE platform.outbox');
  const { payload_bytes } = await fillOutbox(client, ROWS, ROUTING_KEY);
  return payload_bytes;
}

function summarize(totalMs: number, steps: Map<string, { count: number; ms: number; samples: number[] }>, batches: number): DrainRun['profile'] {
  const profile: DrainRun['profile'] = {};
  let accounted = 0;
  for (const [step, { count, ms, samples }] of steps) {
    accounted += ms;
    profile[step] = { count, total_ms: Math.round(ms), share: `${round((100 * ms) / totalMs)}%`, per_batch_ms: percentiles(samples) };
  }
  profile['rest (pool, JS, row mapping)'] = { count: batches, total_ms: Math.round(totalMs - accounted), share: `${round((100 * (totalMs - accounted)) / totalMs)}%`, per_batch_ms: {} };
  return profile;
}

function trend(samples: number[]): DrainRun['claim_trend_ms'] {
  const tenth = Math.max(1, Math.floor(samples.length / 10));
  const mean = (values: number[]) => round(values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length), 2);
  return { first_tenth: mean(samples.slice(0, tenth)), last_tenth: mean(samples.slice(-tenth - 1, -1)) };
}

/** (a) The bare loop. */
async function bareDrain(databaseUrl: string, amqpUrl: string): Promise<DrainRun> {
  const client = await connect(databaseUrl, 'missive-bench-bare');
  const explained = await explain(client, BARE_CLAIM);
  await settle(client, ['platform.outbox']);
  const connection = await amqplib.connect(amqpUrl, { clientProperties: { connection_name: 'missive-bench-bare' } });
  const channel = await connection.createConfirmChannel();
  const profile = profileQueries(relayQueryKind);
  const publishSamples: number[] = [];
  let drained = 0;
  let batches = 0;
  const started = performance.now();
  try {
    for (;;) {
      if (performance.now() - started > TIMEOUT_MS) throw new Error(`the bare drain took over ${TIMEOUT_MS / 1000} s`);
      await client.query('BEGIN');
      const { rows } = await client.query<OutboxRow>(BARE_CLAIM, [BATCH]);
      if (rows.length === 0) {
        await client.query('COMMIT');
        break;
      }
      const publishing = performance.now();
      for (const row of rows) {
        channel.publish(
          EXCHANGES.commands,
          row.routing_key,
          Buffer.from(JSON.stringify(row.payload)),
          messageProperties({ id: row.id, type: row.type, correlationId: row.correlation_id, createdAt: row.created_at, headers: row.headers }),
        );
      }
      await channel.waitForConfirms();
      publishSamples.push(performance.now() - publishing);
      await client.query('UPDATE platform.outbox SET published_at = now() WHERE id = ANY($1::uuid[])', [rows.map((row) => row.id)]);
      await client.query('COMMIT');
      drained += rows.length;
      batches += 1;
    }
  } finally {
    profile.stop();
    await connection.close().catch(() => undefined);
    await client.end();
  }
  const ms = performance.now() - started;
  profile.totals.set('publish + confirms', { count: publishSamples.length, ms: publishSamples.reduce((a, b) => a + b, 0), samples: publishSamples });
  const claims = profile.totals.get('claim (SELECT … FOR UPDATE SKIP LOCKED)')?.samples ?? [];
  return { rate: rate(drained, ms), batches, profile: summarize(ms, profile.totals, batches), claim_trend_ms: trend(claims), explain_claim_full_table: explained };
}

/** (b) Missive's relay, composed as the outbox-relay app composes it, draining everything due. */
async function missiveDrain(databaseUrl: string, amqpUrl: string): Promise<DrainRun> {
  const client = await connect(databaseUrl, 'missive-bench-explain');
  const explained = await explain(client, MISSIVE_CLAIM);
  await settle(client, ['platform.outbox']);
  await client.end();
  const config = new AppConfig({
    DATABASE_URL: databaseUrl,
    AMQP_URL: amqpUrl,
    OUTBOX_DISPATCH: 'broker',
    OUTBOX_BATCH_SIZE: String(BATCH),
    JWT_SECRET: 'bench-secret-that-is-at-least-32-characters',
    LOG_LEVEL: 'warn',
  });
  const connection = connectAmqp(amqpUrl, 'missive-bench-relay');
  const broker = new BrokerDispatch(confirmChannel(connection, SINK_TOPOLOGY));
  await within(broker.ready(), 30_000, 'connecting the relay to RabbitMQ');
  const dispatch = new TimedDispatch(broker);
  let batches = 0;
  const runtime = createRelay(config, dispatch, () => (batches += 1));
  const profile = profileQueries(relayQueryKind);
  const started = performance.now();
  let drained: number;
  try {
    drained = await within(runtime.relay.drainAll(), TIMEOUT_MS, "Missive's relay drain");
  } finally {
    profile.stop();
    await runtime.close();
    await connection.close();
  }
  const ms = performance.now() - started;
  profile.totals.set('publish + confirms', { count: dispatch.samples.length, ms: dispatch.samples.reduce((a, b) => a + b, 0), samples: dispatch.samples });
  const claims = profile.totals.get('claim (SELECT … FOR UPDATE SKIP LOCKED)')?.samples ?? [];
  return { rate: rate(drained, ms), batches, profile: summarize(ms, profile.totals, batches), claim_trend_ms: trend(claims), explain_claim_full_table: explained };
}

/**
 * The claim once the table holds what a drain leaves behind — every row published, kept for OUTBOX_RETENTION
 * (7 days by default) — and a fresh batch arrives: the plan as the run ended, then after ANALYZE.
 */
async function explainAfterDrain(client: Client) {
  await fillOutbox(client, BATCH, ROUTING_KEY);
  const summary = (plan: string[]) => plan.filter((line) => /Limit|LockRows|SubPlan|Scan|Sort|Rows Removed|Execution Time/.test(line)).map((line) => line.trim());
  const result = {
    published_rows_kept: ROWS,
    new_due_rows: BATCH,
    missive_claim: summary(await explain(client, MISSIVE_CLAIM)),
    bare_claim: summary(await explain(client, BARE_CLAIM)),
    /** Again: the first scan marked the index entries of the published rows dead, so this one skips them. */
    bare_claim_again: summary(await explain(client, BARE_CLAIM)),
    missive_claim_again: summary(await explain(client, MISSIVE_CLAIM)),
    missive_claim_after_analyze: [] as string[],
  };
  await client.query('ANALYZE platform.outbox');
  result.missive_claim_after_analyze = summary(await explain(client, MISSIVE_CLAIM));
  return result;
}

async function sinkCount(channel: amqplib.Channel): Promise<number> {
  return (await channel.checkQueue(SINK)).messageCount;
}

runBench(async () => {
  const loadAtStart = loadavg().map((value) => round(value, 2));
  console.log(`relay bench: ${ROWS.toLocaleString('en-US')} rows, batches of ${BATCH}; load average ${loadAtStart.join(' ')}`);
  const database = await freshDatabase('relay');
  const vhost = await scratchVhost('relay');
  const client = await connect(database.url);
  onCleanup('close the bench connection', () => client.end());
  const versions = { postgres: await serverVersion(client), rabbitmq: await brokerVersion() };
  BARE_CLAIM = await bareClaim(client);

  const amqp = await amqplib.connect(vhost.url, { clientProperties: { connection_name: 'missive-bench-setup' } });
  onCleanup('close the setup connection', () => amqp.close());
  const setup = await amqp.createChannel();
  await setup.assertExchange(EXCHANGES.commands, 'direct', { durable: true });
  await setup.assertQueue(SINK, { durable: true, arguments: { 'x-queue-type': 'classic', 'x-queue-version': 2 } });
  await setup.bindQueue(SINK, EXCHANGES.commands, ROUTING_KEY);

  const body = Buffer.from(payloadOf(0, uuidV7(), uuidV7()));
  console.log(`(c) broker ceiling: ${ROWS.toLocaleString('en-US')} messages of ${body.length} B…`);
  const ceiling: BrokerCeiling = await brokerCeiling(vhost.url, ROWS, body, { window: WINDOW, prefetch: PREFETCH, timeoutMs: TIMEOUT_MS });

  console.log('(a) bare drain: filling the outbox…');
  let filled = performance.now();
  const payloadBytes = await prepareTable(client);
  console.log(`    ${ROWS.toLocaleString('en-US')} rows written in ${round((performance.now() - filled) / 1000, 2)} s; draining…`);
  const bare = await bareDrain(database.url, vhost.url);
  const bareDelivered = await sinkCount(setup);
  await setup.purgeQueue(SINK);

  console.log("(b) Missive's OutboxRelay: filling the outbox…");
  filled = performance.now();
  await prepareTable(client);
  console.log(`    ${ROWS.toLocaleString('en-US')} rows written in ${round((performance.now() - filled) / 1000, 2)} s; draining…`);
  const missive = await missiveDrain(database.url, vhost.url);
  const missiveDelivered = await sinkCount(setup);
  await setup.purgeQueue(SINK);
  const { rows: left } = await client.query<{ pending: number }>('SELECT count(*)::int AS pending FROM platform.outbox WHERE published_at IS NULL');
  await setup.deleteQueue(SINK);
  const afterDrain = await explainAfterDrain(client);

  const checks = {
    bare_rows_in_queue: bareDelivered,
    missive_rows_in_queue: missiveDelivered,
    missive_rows_left_unpublished: left[0].pending,
    ok: bareDelivered === ROWS && missiveDelivered === ROWS && left[0].pending === 0 && missive.rate.messages === ROWS && bare.rate.messages === ROWS,
  };
  const ratio = round(missive.rate.per_second / bare.rate.per_second, 2);
  const results = {
    machine: { ...machine(versions), load_average_at_start: loadAtStart },
    settings: {
      rows: ROWS,
      batch_size: BATCH,
      payload_bytes: payloadBytes,
      ceiling_window: WINDOW,
      ceiling_prefetch: PREFETCH,
      queue: 'durable classic, persistent messages, direct exchange missive.commands',
      fill: 'INSERT … SELECT FROM unnest(…), 10,000 rows a statement; then VACUUM ANALYZE and CHECKPOINT before each drain',
      target_relay_rows_per_second: 25_000,
      bare_claim_sql: BARE_CLAIM.replace(/\s+/g, ' ').trim(),
      missive_claim_sql_explained: MISSIVE_CLAIM.replace(/\s+/g, ' ').trim(),
      outbox_indexes: (await client.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'platform' AND tablename = 'outbox' ORDER BY indexname`)).rows.map(({ indexdef }) => indexdef),
    },
    results: {
      broker_ceiling: ceiling,
      bare_drain: bare,
      missive_relay: missive,
      missive_vs_bare: ratio,
      missive_vs_target: round(missive.rate.per_second / 25_000, 2),
    },
    after_drain: afterDrain,
    checks,
  };
  const path = writeResults('relay', results);

  console.log(`\n${ROWS.toLocaleString('en-US')} rows/messages, ${payloadBytes} B payloads, batches of ${BATCH}, ${machine().cores} cores, node ${process.version}\n`);
  console.log(
    table([
      ['figure', 'seconds', 'rows/s', 'vs bare'],
      ['(c) broker: confirm-publish, window 1000', ceiling.publish.seconds, ceiling.publish.per_second, ''],
      ['(c) broker: consume, manual acks, prefetch 200', ceiling.consume.seconds, ceiling.consume.per_second, ''],
      ['(c) broker: publish + consume at once', ceiling.publish_and_consume.seconds, ceiling.publish_and_consume.per_second, ''],
      ['(a) bare drain: pg + amqplib', bare.rate.seconds, bare.rate.per_second, '1.00'],
      ["(b) Missive's OutboxRelay", missive.rate.seconds, missive.rate.per_second, ratio.toFixed(2)],
    ]),
  );
  console.log(`\ntarget ≥ 25,000 rows/s: Missive ${missive.rate.per_second >= 25_000 ? 'meets it' : `is ${round(100 - (100 * missive.rate.per_second) / 25_000)}% below`}`);
  for (const [name, run] of [
    ['bare drain', bare],
    ["Missive's relay", missive],
  ] as const) {
    console.log(`\nwhere the time goes, ${name} (${run.batches} batches; claim mean ${run.claim_trend_ms.first_tenth} ms in the first tenth, ${run.claim_trend_ms.last_tenth} ms in the last):`);
    console.log(table([['step', 'total ms', 'share', 'p50 ms', 'p99 ms'], ...Object.entries(run.profile).map(([step, p]) => [step, p.total_ms, p.share, p.per_batch_ms.p50 ?? '', p.per_batch_ms.p99 ?? ''])]));
  }
  console.log(`\nthe claim after the drain (${ROWS.toLocaleString('en-US')} published rows kept, ${BATCH} new):`);
  console.log(`  Missive:                ${afterDrain.missive_claim.join(' | ')}`);
  console.log(`  Missive, after ANALYZE: ${afterDrain.missive_claim_after_analyze.join(' | ')}`);
  console.log(`  Missive, again:         ${afterDrain.missive_claim_again.join(' | ')}`);
  console.log(`  bare:                   ${afterDrain.bare_claim.join(' | ')}`);
  console.log(`  bare, again:            ${afterDrain.bare_claim_again.join(' | ')}`);
  console.log(`\nchecks: ${JSON.stringify(checks)}`);
  console.log(`results: ${path}`);
  if (!checks.ok) throw new Error('a check failed: not every row reached the queue exactly once');
});
