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
import { Client } from 'pg';
import { freePort } from '../libs/platform/src/net/free-port';
import { uuidV7 } from '../libs/shared-kernel/src/uuid-v7';
import { scratchEnvironment } from './support/scratch';
import { App, assertAlive, buildApps, summarizeProfiles, cpuSeconds, machineCpuSeconds, pidsOf, ROOT, startApp, waitForOk } from './support/apps';
import { brokerCeiling, round } from './support/broker';
import { envInt, onCleanup, runBench, sleep, within } from './support/cleanup';
import { settle } from './support/database';
import { HttpClient, MESSAGE_PATH, messageBody, signUp } from './support/http';
import { pipelineMetrics, scrape, total } from './support/metrics';
import { machine, percentiles, table, writeResults } from './support/results';
import { fillQueuedMessages, payloadOf } from './support/rows';

const MESSAGES = envInt('BENCH_MESSAGES', 200_000);
const RATE = envInt('BENCH_RATE', 1_000);
const DURATION_S = envInt('BENCH_DURATION_S', 10);
const WARMUP_S = envInt('BENCH_WARMUP_S', 2, 0);
const MAX_IN_FLIGHT = envInt('BENCH_MAX_IN_FLIGHT', 512);
const TIMEOUT_MS = envInt('BENCH_TIMEOUT_S', 600) * 1000;
const LATENCY = process.env.BENCH_LATENCY !== '0';
/** Settings handed to the apps when set in the bench's environment (otherwise the apps' defaults). */
const PASSED_THROUGH = ['OUTBOX_BATCH_SIZE', 'OUTBOX_POLL_INTERVAL', 'AMQP_PREFETCH', 'DATABASE_POOL_SIZE', 'AMQP_QUEUE_TYPE'];

interface Progress {
  at_s: number;
  sent: number;
}

/** CPU seconds used by each part while `work` runs: where the time goes, without touching the apps. */
async function cpuProfile<T>(database: Client, databaseName: string, apps: () => App[], work: () => Promise<T>): Promise<{ result: T; cpu: Record<string, number>; database_activity: Record<string, number>; wall_s: number }> {
  // why: each pool names its connections (missive-relay, missive-sandbox, missive…), so the database's CPU splits by who asked.
  const backends = async () =>
    (
      await database.query<{ pid: number; application_name: string }>(
        'SELECT pid, application_name FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [databaseName],
      )
    ).rows;
  const before = new Map<number, number>();
  for (const pid of [...(await backends()).map(({ pid }) => pid), ...pidsOf('beam.smp'), ...apps().map((app) => app.child.pid!)]) before.set(pid, cpuSeconds(pid));
  const machineBefore = machineCpuSeconds();
  const benchBefore = process.cpuUsage();
  const statsBefore = await databaseStats(database, databaseName);
  const started = performance.now();
  const result = await work();
  const wall = (performance.now() - started) / 1000;
  const used = (pid: number) => Math.max(0, cpuSeconds(pid) - (before.get(pid) ?? 0));
  const cpu: Record<string, number> = {};
  for (const app of apps()) cpu[`${app.name} (node)`] = round(used(app.child.pid!), 1);
  const byApplication = new Map<string, number>();
  for (const { pid, application_name } of await backends()) byApplication.set(application_name || '(unnamed)', (byApplication.get(application_name || '(unnamed)') ?? 0) + used(pid));
  for (const [name, seconds] of [...byApplication].sort((a, b) => b[1] - a[1])) cpu[`postgres, connections of ${name}`] = round(seconds, 1);
  cpu['rabbitmq (beam.smp, shared with anything else on the broker)'] = round(pidsOf('beam.smp').reduce((sum, pid) => sum + used(pid), 0), 1);
  const bench = process.cpuUsage(benchBefore);
  cpu['this bench process (polling, load generator)'] = round((bench.user + bench.system) / 1e6, 1);
  const machineAfter = machineCpuSeconds();
  cpu['whole machine, busy'] = round(machineAfter.busy - machineBefore.busy, 1);
  cpu['whole machine, available (cores × wall)'] = round(machineAfter.total - machineBefore.total, 1);
  const statsAfter = await databaseStats(database, databaseName);
  const database_activity = Object.fromEntries(Object.keys(statsAfter).map((key) => [key, statsAfter[key] - statsBefore[key]]));
  return { result, cpu, database_activity, wall_s: round(wall, 2) };
}

/** The database's own counters (pg_stat_database): transactions, and rows read by scans versus rows returned. */
async function databaseStats(database: Client, databaseName: string): Promise<Record<string, number>> {
  await database.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await database.query<Record<string, string>>(
    'SELECT xact_commit, xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_updated, blks_hit, blks_read FROM pg_stat_database WHERE datname = $1',
    [databaseName],
  );
  return Object.fromEntries(Object.entries(rows[0]).map(([key, value]) => [key, Number(value)]));
}

/** Messages the dispatcher has finished (its /metrics counter, after commit and ack); null without /metrics. */
async function handledSoFar(opsPort: number): Promise<number | null> {
  const metrics = await scrape(opsPort);
  return metrics ? total(metrics, 'missive_messages_consumed_total', 'queue="dispatcher.messaging.send-message"') : null;
}

async function sentSoFar(client: Client): Promise<{ sent: number; failed: number }> {
  const { rows } = await client.query<{ sent: number; failed: number }>(
    `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*) FILTER (WHERE status = 'failed')::int AS failed FROM messaging.messages`,
  );
  return rows[0];
}

/** Waits until no outbox row is left to publish (the `messaging.message.sent.v1` events the dispatcher wrote). */
async function outboxDrained(client: Client, timeoutMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const { rows } = await client.query<{ pending: number }>('SELECT count(*)::int AS pending FROM platform.outbox WHERE published_at IS NULL AND dead_at IS NULL');
    if (rows[0].pending === 0) return round((performance.now() - started) / 1000, 1);
    if (performance.now() - started > timeoutMs) throw new Error(`${rows[0].pending} outbox rows still unpublished after ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

/** Open-loop load: request i is due at start + i/rate, whatever the replies before it; capped at MAX_IN_FLIGHT. */
async function offerLoad(http: HttpClient, headers: Record<string, string>, rate: number, seconds: number, offset: number) {
  const total = rate * seconds;
  const interval = 1000 / rate;
  const ids: string[] = [];
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let fired = 0;
  let skipped = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const pending: Promise<void>[] = [];
  const started = performance.now();
  while (fired + skipped < total) {
    if (performance.now() - started > seconds * 1000 + 30_000) throw new Error('the load generator fell more than 30 s behind');
    const due = Math.min(total, Math.floor((performance.now() - started) / interval) + 1);
    while (fired + skipped < due) {
      const i = fired + skipped;
      if (inFlight >= MAX_IN_FLIGHT) {
        skipped += 1;
        continue;
      }
      const scheduled = started + i * interval;
      fired += 1;
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      pending.push(
        http
          .request('POST', MESSAGE_PATH, messageBody(offset + i), headers)
          .then(
            (reply) => {
              latencies.push(performance.now() - scheduled);
              statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
              if (reply.status === 201) ids.push((JSON.parse(reply.body) as { id: string }).id);
            },
            (error: Error) => {
              statuses[error.message.slice(0, 60)] = (statuses[error.message.slice(0, 60)] ?? 0) + 1;
            },
          )
          .finally(() => (inFlight -= 1)),
      );
    }
    await sleep(1);
  }
  const offeredFor = (performance.now() - started) / 1000;
  await within(Promise.all(pending), 60_000, 'the last requests');
  const elapsed = (performance.now() - started) / 1000;
  return {
    ids,
    /** What was offered: `rate` a second; requests due while MAX_IN_FLIGHT were unanswered were skipped, not queued. */
    offered: { per_second: rate, requests: total, seconds: round(offeredFor, 2), sent: fired, skipped_over_in_flight_cap: skipped },
    accepted: { requests: ids.length, per_second: Math.round(ids.length / elapsed) },
    statuses,
    max_in_flight: maxInFlight,
    /** From the moment a request was due (not sent: no coordinated omission) to its reply. */
    http_ms: percentiles(latencies),
  };
}

/** accepted (messages.created_at) → handed to the sandbox (sandbox_deliveries.accepted_at), per message, once all are there. */
async function acceptToSandbox(client: Client, ids: string[], timeoutMs: number) {
  const started = performance.now();
  for (;;) {
    const { rows } = await client.query<{ delivered: number }>('SELECT count(*)::int AS delivered FROM messaging.sandbox_deliveries WHERE message_id = ANY($1::uuid[])', [ids]);
    if (rows[0].delivered === ids.length) break;
    if (performance.now() - started > timeoutMs) throw new Error(`only ${rows[0].delivered} of ${ids.length} messages reached the sandbox within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
  const { rows } = await client.query<{ ms: number }>(
    `SELECT (extract(epoch FROM d.accepted_at - m.created_at) * 1000)::float8 AS ms
       FROM messaging.messages m JOIN messaging.sandbox_deliveries d ON d.message_id = m.id
      WHERE m.id = ANY($1::uuid[])`,
    [ids],
  );
  return percentiles(
    rows.map(({ ms }) => ms),
    [50, 90, 95, 99, 99.9],
  );
}

runBench(async () => {
  const build = buildApps(['outbox-relay', 'dispatcher', 'api-gateway']);
  const loadAtStart = loadavg().map((value) => round(value, 2));
  console.log(`pipeline bench: ${MESSAGES.toLocaleString('en-US')} messages; then ${RATE}/s offered for ${DURATION_S} s; load average ${loadAtStart.join(' ')}`);
  const { database, vhost, client, dataDir, versions } = await scratchEnvironment('pipeline');

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
    DATABASE_URL: database.url,
    AMQP_URL: vhost.url,
    OUTBOX_DISPATCH: 'broker',
    JWT_SECRET: 'bench-secret-that-is-at-least-32-characters',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ...passed,
  };
  const apps: App[] = [];
  const dispatcherOps = await freePort();
  const dispatcher = startApp('dispatcher', [], { ...env, OPS_PORT: String(dispatcherOps) });
  apps.push(dispatcher);
  await waitForOk(`http://127.0.0.1:${dispatcherOps}/health/ready`, dispatcher);

  console.log('dispatcher up; starting the relay: the clock starts now');
  const relayOps = await freePort();
  const timeline: Progress[] = [];
  let relayReadyS = NaN;
  const t0 = Date.now();
  const relay = startApp('outbox-relay', [], { ...env, OPS_PORT: String(relayOps) });
  apps.push(relay);
  void waitForOk(`http://127.0.0.1:${relayOps}/health/ready`, relay, 60_000).then(
    () => (relayReadyS = (Date.now() - t0) / 1000),
    () => undefined,
  );
  const drain = await cpuProfile(client, database.name, () => apps, async () => {
    let lastPrint = 0;
    for (;;) {
      assertAlive(dispatcher, relay);
      // why: the dispatcher's own counter costs the database nothing; SQL only confirms once it says all are done.
      const handled = await handledSoFar(dispatcherOps);
      const { sent, failed } = handled === null || handled >= MESSAGES ? await sentSoFar(client) : { sent: handled, failed: 0 };
      const at = (Date.now() - t0) / 1000;
      timeline.push({ at_s: round(at, 1), sent });
      if (at - lastPrint >= 10) {
        lastPrint = at;
        console.log(`  ${at.toFixed(0).padStart(4)} s: ${sent.toLocaleString('en-US')} sent${failed ? `, ${failed} failed` : ''}`);
      }
      if (sent + failed >= MESSAGES) return { sent, failed };
      if (Date.now() - t0 > TIMEOUT_MS) throw new Error(`only ${sent} of ${MESSAGES} sent after ${TIMEOUT_MS / 1000} s`);
      await sleep(1_000);
    }
  });
  const { rows: times } = await client.query<{ first: Date; last: Date; sent: number }>(
    `SELECT min(at) AS first, max(at) AS last, count(*)::int AS sent FROM messaging.message_events WHERE status = 'sent'`,
  );
  const firstSentS = (times[0].first.getTime() - t0) / 1000;
  const lastSentS = (times[0].last.getTime() - t0) / 1000;
  const eventsDrainedAfterS = await outboxDrained(client, 120_000);
  const appMetrics = await pipelineMetrics(relayOps, dispatcherOps);
  const { rows: counts } = await client.query<Record<string, number>>(`
    SELECT (SELECT count(*) FROM messaging.messages WHERE status = 'sent')::int AS messages_sent,
           (SELECT count(*) FROM messaging.sandbox_deliveries)::int AS sandbox_deliveries,
           (SELECT count(*) FROM messaging.sandbox_calls)::int AS sandbox_calls,
           (SELECT count(*) FROM messaging.sandbox_calls WHERE duplicate)::int AS duplicate_calls,
           (SELECT count(*) FROM platform.dead_letters)::int AS dead_letters,
           (SELECT count(*) FROM platform.outbox WHERE published_at IS NOT NULL)::int AS outbox_published`);
  const throughput = {
    messages: MESSAGES,
    relay_ready_s: round(relayReadyS, 2),
    first_sent_s: round(firstSentS, 2),
    last_sent_s: round(lastSentS, 2),
    /** The headline: from the relay's start (its boot included) to the last `sent`. */
    per_second: Math.round(MESSAGES / lastSentS),
    /** From the first `sent` to the last: the steady rate, without the relay's boot. */
    per_second_first_to_last_sent: Math.round(MESSAGES / (lastSentS - firstSentS)),
    ceiling_per_second: ceiling.publish_and_consume.per_second,
    vs_ceiling: round(MESSAGES / lastSentS / ceiling.publish_and_consume.per_second, 2),
    vs_target: round(MESSAGES / lastSentS / 10_000, 2),
    sent_events_published_after_last_sent_s: eventsDrainedAfterS,
    cpu_seconds_during_drain: drain.cpu,
    /** The same, per message: less sensitive than rates to whatever else the box was doing. */
    cpu_ms_per_message: Object.fromEntries(
      Object.entries(drain.cpu)
        .filter(([name]) => !name.startsWith('whole machine'))
        .map(([name, seconds]) => [name, round((seconds * 1000) / MESSAGES, 2)]),
    ),
    /** pg_stat_database during the drain, per message: commits, rows scanned (tup_returned) and fetched by index (tup_fetched). */
    database_per_message: Object.fromEntries(Object.entries(drain.database_activity).map(([key, value]) => [key, round(value / MESSAGES, 1)])),
    /** From the relay's and the dispatcher's own /metrics, scraped after the drain (the sent events included). */
    app_metrics: appMetrics,
    counts: counts[0],
    timeline_every_10_percent: MESSAGES >= 10 ? tenths(timeline) : timeline,
  };
  const throughputOk = counts[0].messages_sent === MESSAGES && counts[0].sandbox_deliveries === MESSAGES && counts[0].dead_letters === 0;
  console.log(`  all ${MESSAGES.toLocaleString('en-US')} sent ${lastSentS.toFixed(1)} s after the relay started: ${throughput.per_second.toLocaleString('en-US')} msg/s`);

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
      app_defaults: { OUTBOX_BATCH_SIZE: 500, AMQP_PREFETCH: 200, DATABASE_POOL_SIZE: 10, AMQP_QUEUE_TYPE: 'classic', OUTBOX_POLL_INTERVAL: '1s' },
      progress: "polled every second from the dispatcher's /metrics (missive_messages_consumed_total); SQL counts confirm the end",
      fill: 'messages + queued history + messaging.send-message outbox rows, INSERT … SELECT FROM unnest(…), 10,000 a transaction; VACUUM ANALYZE + CHECKPOINT after',
      clock: 'starts when the relay process is spawned (the dispatcher is already up and idle); ends at the last message_events "sent" entry',
      ceiling: 'amqplib, separate publisher and consumer connections at once: confirm-publish window 1000, consume manual acks prefetch 200, persistent ~300 B, durable classic queue',
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
  if (appMetrics) console.log(`\nfrom the apps' /metrics: ${JSON.stringify(appMetrics)}`);
  console.log(`\nchecks: ${JSON.stringify({ ...counts[0], ...results.checks })}`);
  console.log(`results: ${path}`);
  if (!results.checks.ok) throw new Error('a check failed: see the checks above');
});

function tenths(timeline: Progress[]): Progress[] {
  const points: Progress[] = [];
  for (let tenth = 1; tenth <= 10; tenth++) {
    const point = timeline.find(({ sent }) => sent >= (MESSAGES * tenth) / 10);
    if (point) points.push(point);
  }
  return points;
}

async function latencyRun(env: Record<string, string>, apps: App[], client: Client, databaseName: string) {
  const port = await freePort();
  const gateway = startApp('api-gateway', [], { ...env, PORT: String(port) });
  apps.push(gateway);
  await waitForOk(`http://127.0.0.1:${port}/health/ready`, gateway);
  const http = new HttpClient(port, MAX_IN_FLIGHT);
  onCleanup('close the HTTP client', () => http.close());
  const { headers } = await signUp(http);
  if (WARMUP_S > 0) {
    console.log(`latency: warming up, ${RATE}/s for ${WARMUP_S} s…`);
    const warm = await offerLoad(http, headers, RATE, WARMUP_S, 0);
    await acceptToSandbox(client, warm.ids, 60_000);
    await outboxDrained(client, 60_000);
  }
  console.log(`latency: ${RATE}/s offered for ${DURATION_S} s…`);
  const measured = await cpuProfile(client, databaseName, () => apps, async () => {
    const load = await offerLoad(http, headers, RATE, DURATION_S, 1_000_000);
    const acceptToSandboxMs = await acceptToSandbox(client, load.ids, 60_000);
    return { load, acceptToSandboxMs };
  });
  assertAlive(...apps);
  const { load, acceptToSandboxMs } = measured.result;
  console.log(`  ${load.accepted.requests.toLocaleString('en-US')} accepted; accept → sandbox p50 ${acceptToSandboxMs.p50} ms, p95 ${acceptToSandboxMs.p95} ms, p99 ${acceptToSandboxMs.p99} ms`);
  return {
    load: { ...load, ids: undefined },
    accept_to_sandbox_ms: acceptToSandboxMs,
    vs_target_p99: round(acceptToSandboxMs.p99 / 100, 2),
    cpu_seconds: measured.cpu,
    ok: load.accepted.requests === load.offered.sent,
  };
}
