import { Client } from 'pg';
import { freePort } from '../../libs/platform/src/net/free-port';
import { App, assertAlive, startApp, waitForOk } from './apps';
import { round } from './broker';
import { onCleanup, sleep, within } from './cleanup';
import { cpuProfile } from './cpu-profile';
import { HttpClient, MESSAGE_PATH, messageBody, signUp } from './http';
import { outboxDrained } from './pipeline-throughput';
import { DURATION_S, MAX_IN_FLIGHT, RATE, WARMUP_S } from './pipeline-settings';
import { percentiles } from './results';

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

export async function latencyRun(env: Record<string, string>, apps: App[], client: Client, databaseName: string) {
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
