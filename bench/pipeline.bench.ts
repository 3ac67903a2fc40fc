/**
 * `npm run bench:pipeline` — Missive end to end, as separate processes (the built apps, broker mode).
 *
 * 1. Throughput: BENCH_MESSAGES (default 200,000) queued messages already in the outbox (message rows, their
 *    `queued` history and their `messaging.send-message` outbox rows, written in bulk) → outbox-relay process →
 *    RabbitMQ → dispatcher process → sandbox messenger. Reported: messages per second from the relay's start to the
 *    last `sent`, against the broker's own ceiling for as many messages (amqplib confirm-publish + consume at once).
 * 2. Latency: an api-gateway process besides them; BENCH_RATE (1,000) POST /v1/messaging/message a second offered
 *    for BENCH_DURATION_S (10) s, open loop; for each message, `messaging.messages.created_at` (accepted) →
 *    `messaging.sandbox_deliveries.accepted_at` (handed to the sandbox messenger): p50, p95, p99.
 *
 * Everything runs in a database and a RabbitMQ vhost of the bench's own, removed at the end.
 */
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { relative } from 'node:path';
import { uuidV7 } from '../libs/shared-kernel/src/uuid-v7';
import { scratchEnvironment } from './support/scratch';
import { App, buildApps, summarizeProfiles, ROOT } from './support/apps';
import { brokerCeiling, QUEUE_TYPE, round } from './support/broker';
import { runBench } from './support/cleanup';
import { settle } from './support/database';
import { latencyRun } from './support/pipeline-latency';
import { DURATION_S, LATENCY, MAX_IN_FLIGHT, MESSAGES, PASSED_THROUGH, RATE, TIMEOUT_MS, WARMUP_S } from './support/pipeline-settings';
import { throughputRun } from './support/pipeline-throughput';
import { machine, table, writeResults } from './support/results';
import { fillQueuedMessages, payloadOf } from './support/rows';

runBench(async () => {
  const build = buildApps(['outbox-relay', 'dispatcher', 'api-gateway']);
  const loadAtStart = loadavg().map((value) => round(value, 2));
  console.log(`pipeline bench: ${MESSAGES.toLocaleString('en-US')} messages; then ${RATE}/s offered for ${DURATION_S} s; load average ${loadAtStart.join(' ')}`);
  const { database, vhost, client, versions, appEnv } = await scratchEnvironment('pipeline');

  const body = Buffer.from(payloadOf(0, uuidV7(), uuidV7()));
  console.log(`broker ceiling: ${MESSAGES.toLocaleString('en-US')} messages of ${body.length} B, confirm-publish (window 1000) and consume (prefetch 200) at once…`);
  const ceiling = await brokerCeiling(vhost.url, MESSAGES, body, { timeoutMs: TIMEOUT_MS });

  console.log(`writing ${MESSAGES.toLocaleString('en-US')} queued messages and their outbox rows…`);
  const ownerId = uuidV7();
  const fill = await fillQueuedMessages(client, MESSAGES, ownerId);
  await settle(client, ['messaging.messages', 'messaging.message_events', 'platform.outbox']);
  console.log(`  written in ${round(fill.ms / 1000, 1)} s`);

  const passed = Object.fromEntries(PASSED_THROUGH.filter((name) => process.env[name]).map((name) => [name, process.env[name]!]));
  const env = {
    ...appEnv,
    ...passed,
  };
  const apps: App[] = [];
  const { throughput, ok: throughputOk } = await throughputRun(env, apps, client, database.name, ceiling.publish_and_consume.per_second);

  let latency: Awaited<ReturnType<typeof latencyRun>> | null = null;
  if (LATENCY) latency = await latencyRun(env, apps, client, database.name);

  for (const app of [...apps].reverse()) await app.stop();
  const profiles = summarizeProfiles();
  const results = {
    machine: { ...machine(versions), load_average_at_start: loadAtStart },
    settings: {
      messages: MESSAGES,
      apps: 'the built apps (swc, as npm run build), one process each, broker mode, LOG_LEVEL=warn; defaults unless passed through',
      build: relative(ROOT, build),
      profiles: profiles ? relative(ROOT, profiles) : 'off (BENCH_PROFILE=1 to profile the apps)',
      passed_through: passed,
      app_defaults: { OUTBOX_BATCH_SIZE: 500, AMQP_PREFETCH: 200, DATABASE_POOL_SIZE: 10, AMQP_QUEUE_TYPE: QUEUE_TYPE, OUTBOX_POLL_INTERVAL: '1s' },
      progress: "polled every second from the dispatcher's /metrics (missive_messages_consumed_total); SQL counts confirm the end",
      fill: 'messages + queued history + messaging.send-message outbox rows, INSERT … SELECT FROM unnest(…), 10,000 a transaction; VACUUM ANALYZE + CHECKPOINT after',
      clock: 'starts when the relay process is spawned (the dispatcher is already up and idle); ends at the last message_events "sent" entry',
      ceiling: `amqplib, separate publisher and consumer connections at once: confirm-publish window 1000, consume manual acks prefetch 200, persistent ~300 B, durable ${QUEUE_TYPE} queue`,
      latency: LATENCY ? { offered_per_second: RATE, seconds: DURATION_S, warmup_seconds: WARMUP_S, max_in_flight: MAX_IN_FLIGHT, client: 'node:http keep-alive agent, open loop' } : 'skipped',
      targets: { end_to_end_per_second: 10_000, accept_to_sandbox_p99_ms: 100, at_offered_per_second: 1_000 },
    },
    results: { broker_ceiling: ceiling, throughput, latency },
    checks: { ok: throughputOk && (latency?.ok ?? true), all_sent_and_in_sandbox_once: throughputOk },
  };
  const path = writeResults('pipeline', results);

  console.log(`\n${MESSAGES.toLocaleString('en-US')} messages, ${machine().cores} cores, node ${process.version}\n`);
  const rows: (string | number)[][] = [
    ['figure', 'value', 'target', 'vs ceiling'],
    ['broker ceiling: publish + consume at once (msg/s)', ceiling.publish_and_consume.per_second, '', ''],
    ['end to end, relay start → last sent (msg/s)', throughput.per_second, '≥ 10,000', throughput.vs_ceiling.toFixed(2)],
    ['end to end, first → last sent (msg/s)', throughput.per_second_first_to_last_sent, '', ''],
  ];
  if (latency) {
    rows.push(
      [`accept → sandbox p50 at ${latency.load.offered.per_second}/s offered (ms)`, latency.accept_to_sandbox_ms.p50, '', ''],
      ['accept → sandbox p95 (ms)', latency.accept_to_sandbox_ms.p95, '', ''],
      ['accept → sandbox p99 (ms)', latency.accept_to_sandbox_ms.p99, '≤ 100', ''],
      ['POST /v1/messaging/message p99 (ms)', latency.load.http_ms.p99, '', ''],
      ['POST accepted (req/s)', latency.load.accepted.per_second, '', ''],
      [`POST skipped: ${MAX_IN_FLIGHT} already in flight`, latency.load.offered.skipped_over_in_flight_cap, '0', ''],
    );
  }
  console.log(table(rows));
  console.log('\nCPU seconds during the drain:');
  console.log(
    table([
      ['process', 'cpu s', 'ms/message'],
      ...Object.entries(throughput.cpu_seconds_during_drain).map(([name, seconds]) => [name, seconds, throughput.cpu_ms_per_message[name] ?? '']),
    ]),
  );
  console.log(`\npg_stat_database per message during the drain: ${JSON.stringify(throughput.database_per_message)}`);
  if (throughput.app_metrics) console.log(`\nfrom the apps' /metrics: ${JSON.stringify(throughput.app_metrics)}`);
  console.log(`\nchecks: ${JSON.stringify({ ...throughput.counts, ...results.checks })}`);
  console.log(`results: ${path}`);
  if (!results.checks.ok) throw new Error('a check failed: see the checks above');
});
