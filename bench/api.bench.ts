/**
 * `npm run bench:api` — POST /v1/messaging/message on an api-gateway process (the built app, broker mode,
 * LOG_LEVEL=warn), driven by autocannon: BENCH_REQUESTS (200,000) requests, closed loop on BENCH_CONNECTIONS (10)
 * keep-alive connections, after a BENCH_WARMUP_S (2) s autocannon warm-up; BENCH_DURATION_S, when set, runs for
 * that many seconds instead. Only the gateway runs (no relay, no dispatcher): this is the accept path alone —
 * validation, auth, the message + history + outbox transaction, the read-back. Database and RabbitMQ vhost of the
 * bench's own, removed at the end.
 */
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { relative } from 'node:path';
import { freePort } from '../libs/platform/src/net/free-port';
import { scratchEnvironment } from './support/scratch';
import { buildApps, summarizeProfiles, cpuSeconds, machineCpuSeconds, ROOT, startApp, waitForOk } from './support/apps';
import { AUTOCANNON_VERSION, postMessages } from './support/autocannon-load';
import { round } from './support/broker';
import { envInt, onCleanup, runBench } from './support/cleanup';
import { HttpClient, MESSAGE_PATH, signUp } from './support/http';
import { machine, table, writeResults } from './support/results';

const CONNECTIONS = envInt('BENCH_CONNECTIONS', 10);
const REQUESTS = envInt('BENCH_REQUESTS', 200_000);
/** Set: run for this many seconds instead of BENCH_REQUESTS requests. */
const DURATION_S = process.env.BENCH_DURATION_S ? envInt('BENCH_DURATION_S', 10) : undefined;
const WARMUP_S = envInt('BENCH_WARMUP_S', 2, 0);
const TIME_LIMIT_MS = envInt('BENCH_TIMEOUT_S', 1_800) * 1000;
const SIZE = DURATION_S ? `${DURATION_S} s` : `${REQUESTS.toLocaleString('en-US')} requests`;

runBench(async () => {
  const build = buildApps(['api-gateway']);
  const loadAtStart = loadavg().map((value) => round(value, 2));
  console.log(`api bench: POST ${MESSAGE_PATH}, autocannon ${AUTOCANNON_VERSION}, ${CONNECTIONS} connections, ${SIZE}; load average ${loadAtStart.join(' ')}`);
  const { database, client, versions, appEnv } = await scratchEnvironment('api');
  const port = await freePort();
  const gateway = startApp('api-gateway', [], {
    ...appEnv,
    PORT: String(port),
    ...(process.env.DATABASE_POOL_SIZE ? { DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE } : {}),
  });
  await waitForOk(`http://127.0.0.1:${port}/health/ready`, gateway);
  const http = new HttpClient(port, 1);
  onCleanup('close the HTTP client', () => http.close());
  const { headers } = await signUp(http);

  const load = { port, headers, connections: CONNECTIONS, timeLimitMs: TIME_LIMIT_MS };
  if (WARMUP_S > 0) {
    console.log(`warming up: ${WARMUP_S} s…`);
    await postMessages({ ...load, seconds: WARMUP_S, offset: 0 });
  }
  const pgPids = (await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database.name])).rows.map(({ pid }) => pid);
  const before = { gateway: cpuSeconds(gateway.child.pid!), postgres: pgPids.map(cpuSeconds), machine: machineCpuSeconds(), bench: process.cpuUsage() };
  console.log(`measuring: ${SIZE}…`);
  const run = await postMessages({ ...load, ...(DURATION_S ? { seconds: DURATION_S } : { amount: REQUESTS }), offset: 1_000_000, progressEveryS: 30 });
  const bench = process.cpuUsage(before.bench);
  const machineAfter = machineCpuSeconds();
  const cpu = {
    'api-gateway (node)': round(cpuSeconds(gateway.child.pid!) - before.gateway, 1),
    'postgres backends of this database': round(pgPids.reduce((sum, pid, i) => sum + Math.max(0, cpuSeconds(pid) - before.postgres[i]), 0), 1),
    'this bench process (autocannon)': round((bench.user + bench.system) / 1e6, 1),
    'whole machine, busy': round(machineAfter.busy - before.machine.busy, 1),
    'whole machine, available (cores × wall)': round(machineAfter.total - before.machine.total, 1),
  };
  const perRequestMs = round((cpu['api-gateway (node)'] * 1000) / Math.max(1, run.answered), 2);
  await gateway.stop();
  const profiles = summarizeProfiles();

  const meets = run.per_second >= 3_000 && run.latency_ms.p99 <= 50;
  const complete = !run.cut_short_by_time_limit && run.errors === 0 && run.non_2xx === 0;
  const path = writeResults('api', {
    machine: { ...machine(versions), load_average_at_start: loadAtStart },
    settings: {
      connections: CONNECTIONS,
      ...(DURATION_S ? { seconds: DURATION_S } : { requests: REQUESTS }),
      warmup_seconds: WARMUP_S,
      time_limit_seconds: TIME_LIMIT_MS / 1000,
      route: `POST ${MESSAGE_PATH} with a bearer token, sandbox messenger, ~60 B text, a body of its own per request, no Idempotency-Key`,
      apps: 'api-gateway only (built with swc as npm run build), broker mode, LOG_LEVEL=warn, DATABASE_POOL_SIZE default 10',
      build: relative(ROOT, build),
      profiles: profiles ? relative(ROOT, profiles) : 'off (BENCH_PROFILE=1 to profile the apps)',
      client: `autocannon ${AUTOCANNON_VERSION}, programmatic API in the bench process, closed loop, keep-alive, no pipelining, 10 s timeout`,
      targets: { per_second: 3_000, p99_ms: 50 },
    },
    results: { ...run, cpu_seconds: cpu, gateway_cpu_ms_per_request: perRequestMs, vs_target_per_second: round(run.per_second / 3_000, 2), meets_target: meets },
    checks: { ok: complete, every_request_answered_2xx: complete },
  });
  console.log(`\nPOST ${MESSAGE_PATH}, autocannon, ${CONNECTIONS} connections, ${run.answered.toLocaleString('en-US')} answers in ${run.seconds} s, ${machine().cores} cores, node ${process.version}\n`);
  console.log(
    table([
      ['figure', 'value', 'target'],
      ['2xx answers per second', run.per_second, '≥ 3,000'],
      ['latency p50 (ms)', run.latency_ms.p50, ''],
      ['latency p95 (ms)', run.latency_ms.p95, ''],
      ['latency p99 (ms)', run.latency_ms.p99, '≤ 50'],
      ['latency max (ms)', run.latency_ms.max, ''],
      ['non-2xx answers', run.non_2xx, '0'],
      ['errors (timeouts included)', run.errors, '0'],
      ['gateway CPU per request (ms)', perRequestMs, ''],
    ]),
  );
  console.log(`\nstatuses: ${JSON.stringify(run.statuses)}; timeouts ${run.timeouts}${run.cut_short_by_time_limit ? `; cut short at BENCH_TIMEOUT_S (${TIME_LIMIT_MS / 1000} s)` : ''}`);
  console.log(table([['process', 'cpu s'], ...Object.entries(cpu)]));
  console.log(`results: ${path}`);
  if (!complete) throw new Error('not every request was answered with a 2xx: see the statuses above');
});
