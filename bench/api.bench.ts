/**
 * `npm run bench:api` — POST /v1/messaging/message on an api-gateway process (the built app, broker mode,
 * LOG_LEVEL=warn), closed loop: BENCH_CONNECTIONS (10) keep-alive connections, each sending its next request
 * when the last one is answered, for BENCH_DURATION_S (10) s after BENCH_WARMUP_S (2) s. Only the gateway runs
 * (no relay, no dispatcher): this is the accept path alone — validation, auth, the message + history + outbox
 * transaction, the read-back. Database and RabbitMQ vhost of the bench's own, removed at the end.
 */
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { relative } from 'node:path';
import { freePort } from '../libs/platform/src/net/free-port';
import { scratchEnvironment } from './support/scratch';
import { buildApps, summarizeProfiles, cpuSeconds, machineCpuSeconds, ROOT, startApp, waitForOk } from './support/apps';
import { round } from './support/broker';
import { envInt, onCleanup, runBench } from './support/cleanup';
import { HttpClient, MESSAGE_PATH, messageBody, signUp } from './support/http';
import { machine, percentiles, table, writeResults } from './support/results';

const CONNECTIONS = envInt('BENCH_CONNECTIONS', 10);
const DURATION_S = envInt('BENCH_DURATION_S', 10);
const WARMUP_S = envInt('BENCH_WARMUP_S', 2, 0);

async function closedLoop(http: HttpClient, headers: Record<string, string>, seconds: number, offset: number) {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = offset;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < deadline) {
      const sent = performance.now();
      try {
        const reply = await http.request('POST', MESSAGE_PATH, messageBody(next++), headers, 10_000);
        statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
      } catch (error) {
        const key = (error as Error).message.slice(0, 60);
        statuses[key] = (statuses[key] ?? 0) + 1;
      }
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const elapsed = (performance.now() - started) / 1000;
  return { requests: latencies.length, seconds: round(elapsed, 2), per_second: Math.round((statuses['201'] ?? 0) / elapsed), statuses, latency_ms: percentiles(latencies) };
}

runBench(async () => {
  const build = buildApps(['api-gateway']);
  const loadAtStart = loadavg().map((value) => round(value, 2));
  console.log(`api bench: POST ${MESSAGE_PATH}, ${CONNECTIONS} connections, ${DURATION_S} s; load average ${loadAtStart.join(' ')}`);
  const { database, vhost, client, dataDir, versions } = await scratchEnvironment('api');
  const port = await freePort();
  const gateway = startApp('api-gateway', [], {
    DATABASE_URL: database.url,
    AMQP_URL: vhost.url,
    OUTBOX_DISPATCH: 'broker',
    JWT_SECRET: 'bench-secret-that-is-at-least-32-characters',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    PORT: String(port),
    ...(process.env.DATABASE_POOL_SIZE ? { DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE } : {}),
  });
  await waitForOk(`http://127.0.0.1:${port}/health/ready`, gateway);
  const http = new HttpClient(port, CONNECTIONS);
  onCleanup('close the HTTP client', () => http.close());
  const { headers } = await signUp(http);

  if (WARMUP_S > 0) await closedLoop(http, headers, WARMUP_S, 0);
  const pgPids = (await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database.name])).rows.map(({ pid }) => pid);
  const before = { gateway: cpuSeconds(gateway.child.pid!), postgres: pgPids.map(cpuSeconds), machine: machineCpuSeconds(), bench: process.cpuUsage() };
  const run = await closedLoop(http, headers, DURATION_S, 1_000_000);
  const bench = process.cpuUsage(before.bench);
  const machineAfter = machineCpuSeconds();
  const cpu = {
    'api-gateway (node)': round(cpuSeconds(gateway.child.pid!) - before.gateway, 1),
    'postgres backends of this database': round(pgPids.reduce((sum, pid, i) => sum + Math.max(0, cpuSeconds(pid) - before.postgres[i]), 0), 1),
    'this bench process (HTTP client)': round((bench.user + bench.system) / 1e6, 1),
    'whole machine, busy': round(machineAfter.busy - before.machine.busy, 1),
    'whole machine, available (cores × wall)': round(machineAfter.total - before.machine.total, 1),
  };
  const perRequestMs = round((cpu['api-gateway (node)'] * 1000) / Math.max(1, run.requests), 2);
  await gateway.stop();
  const profiles = summarizeProfiles();

  const meets = run.per_second >= 3_000 && run.latency_ms.p99 <= 50;
  const path = writeResults('api', {
    machine: { ...machine(versions), load_average_at_start: loadAtStart },
    settings: {
      connections: CONNECTIONS,
      seconds: DURATION_S,
      warmup_seconds: WARMUP_S,
      route: `POST ${MESSAGE_PATH} with a bearer token, sandbox messenger, ~60 B text, no Idempotency-Key`,
      apps: 'api-gateway only (built with swc as npm run build), broker mode, LOG_LEVEL=warn, DATABASE_POOL_SIZE default 10',
      build: relative(ROOT, build),
      profiles: profiles ? relative(ROOT, profiles) : 'off (BENCH_PROFILE=1 to profile the apps)',
      client: 'node:http keep-alive agent, closed loop, in the same box',
      targets: { per_second: 3_000, p99_ms: 50 },
    },
    results: { ...run, cpu_seconds: cpu, gateway_cpu_ms_per_request: perRequestMs, vs_target_per_second: round(run.per_second / 3_000, 2), meets_target: meets },
  });
  console.log(`\nPOST ${MESSAGE_PATH}, ${CONNECTIONS} connections, ${run.seconds} s, ${machine().cores} cores, node ${process.version}\n`);
  console.log(
    table([
      ['figure', 'value', 'target'],
      ['201 answers per second', run.per_second, '≥ 3,000'],
      ['latency p50 (ms)', run.latency_ms.p50, ''],
      ['latency p95 (ms)', run.latency_ms.p95, ''],
      ['latency p99 (ms)', run.latency_ms.p99, '≤ 50'],
      ['gateway CPU per request (ms)', perRequestMs, ''],
    ]),
  );
  console.log(`\nstatuses: ${JSON.stringify(run.statuses)}`);
  console.log(table([['process', 'cpu s'], ...Object.entries(cpu)]));
  console.log(`results: ${path}`);
});
