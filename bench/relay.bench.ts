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
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { EXCHANGES } from '../libs/platform/src/amqp/topology';
import { uuidV7 } from '../libs/shared-kernel/src/uuid-v7';
import { BrokerCeiling, brokerCeiling, brokerVersion, QUEUE_ARGUMENTS, QUEUE_TYPE, round, scratchVhost } from './support/broker';
import { onCleanup, runBench } from './support/cleanup';
import { cpuProfile } from './support/cpu-profile';
import { connect, freshDatabase, serverVersion } from './support/database';
import { bareClaim, explainAfterDrain, MISSIVE_CLAIM } from './support/relay-claims';
import { bareDrain, missiveDrain } from './support/relay-drains';
import { BATCH, PREFETCH, ROUTING_KEY, ROWS, SINK, TIMEOUT_MS, WINDOW } from './support/relay-settings';
import { machine, table, writeResults } from './support/results';
import { fillOutbox, payloadOf } from './support/rows';

async function prepareTable(client: Client): Promise<number> {
  await client.query('TRUNCATE platform.outbox');
  const { payload_bytes } = await fillOutbox(client, ROWS, ROUTING_KEY);
  return payload_bytes;
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
  const bareSql = await bareClaim(client);

  const amqp = await amqplib.connect(vhost.url, { clientProperties: { connection_name: 'missive-bench-setup' } });
  onCleanup('close the setup connection', () => amqp.close());
  const setup = await amqp.createChannel();
  await setup.assertExchange(EXCHANGES.commands, 'direct', { durable: true });
  await setup.assertQueue(SINK, { durable: true, arguments: QUEUE_ARGUMENTS });
  await setup.bindQueue(SINK, EXCHANGES.commands, ROUTING_KEY);

  const body = Buffer.from(payloadOf(0, uuidV7(), uuidV7()));
  console.log(`(c) broker ceiling: ${ROWS.toLocaleString('en-US')} messages of ${body.length} B…`);
  const ceiling: BrokerCeiling = await brokerCeiling(vhost.url, ROWS, body, { window: WINDOW, prefetch: PREFETCH, timeoutMs: TIMEOUT_MS });

  console.log('(a) bare drain: filling the outbox…');
  let filled = performance.now();
  const payloadBytes = await prepareTable(client);
  console.log(`    ${ROWS.toLocaleString('en-US')} rows written in ${round((performance.now() - filled) / 1000, 2)} s; draining…`);
  const { result: bare, cpu: bareCpu } = await cpuProfile(client, database.name, () => [], () => bareDrain(database.url, vhost.url, bareSql));
  const bareDelivered = await sinkCount(setup);
  await setup.purgeQueue(SINK);

  console.log("(b) Missive's OutboxRelay: filling the outbox…");
  filled = performance.now();
  await prepareTable(client);
  console.log(`    ${ROWS.toLocaleString('en-US')} rows written in ${round((performance.now() - filled) / 1000, 2)} s; draining…`);
  const { result: missive, cpu: missiveCpu } = await cpuProfile(client, database.name, () => [], () => missiveDrain(database.url, vhost.url));
  const missiveDelivered = await sinkCount(setup);
  await setup.purgeQueue(SINK);
  const { rows: left } = await client.query<{ pending: number }>('SELECT count(*)::int AS pending FROM platform.outbox WHERE published_at IS NULL');
  await setup.deleteQueue(SINK);
  const afterDrain = await explainAfterDrain(client, bareSql);

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
      queue: `durable ${QUEUE_TYPE}, persistent messages, direct exchange missive.commands`,
      fill: 'INSERT … SELECT FROM unnest(…), 10,000 rows a statement; then VACUUM ANALYZE and CHECKPOINT before each drain',
      target_relay_rows_per_second: 25_000,
      bare_claim_sql: bareSql.replace(/\s+/g, ' ').trim(),
      missive_claim_sql_explained: MISSIVE_CLAIM.replace(/\s+/g, ' ').trim(),
      outbox_indexes: (await client.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'platform' AND tablename = 'outbox' ORDER BY indexname`)).rows.map(({ indexdef }) => indexdef),
    },
    results: {
      broker_ceiling: ceiling,
      bare_drain: { ...bare, cpu_s: bareCpu },
      missive_relay: { ...missive, cpu_s: missiveCpu },
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
  // why: the machine is shared and 2 cores are few, so rows/s moves with load; CPU per row by process does not.
  console.log(`\nCPU µs per row (the relay runs in this bench process):`);
  const perRow = (cpu: Record<string, number>, key: string) => round(((cpu[key] ?? 0) * 1e6) / ROWS, 1);
  console.log(
    table([
      ['process', 'bare drain', "Missive's relay"],
      ...[...new Set([...Object.keys(bareCpu), ...Object.keys(missiveCpu)])].map((key) => [key.replace('this bench process (polling, load generator)', 'node: the relay (this bench process)'), perRow(bareCpu, key), perRow(missiveCpu, key)]),
    ]),
  );
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
