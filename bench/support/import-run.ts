import { openAsBlob, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../libs/platform/src/net/free-port';
import { App, assertAlive, startApp, waitForOk } from './apps';
import { round } from './broker';
import { sleep } from './cleanup';
import { scrape, total } from './metrics';
import { IMPORT_TIMEOUT_MS } from './import-settings';

/** The apps Missive's import runs on, one process each (broker mode): the API, the relay, the dispatcher. */
export async function startImportApps(env: Record<string, string>, apps: App[]) {
  const ports = { api: await freePort(), dispatcherOps: await freePort(), relayOps: await freePort(), apiOps: await freePort() };
  const dispatcher = startApp('dispatcher', [], { ...env, OPS_PORT: String(ports.dispatcherOps) });
  const relay = startApp('outbox-relay', [], { ...env, OPS_PORT: String(ports.relayOps) });
  const api = startApp('api-gateway', [], { ...env, PORT: String(ports.api), OPS_PORT: String(ports.apiOps) });
  apps.push(dispatcher, relay, api);
  await waitForOk(`http://127.0.0.1:${ports.dispatcherOps}/health/ready`, dispatcher, 60_000);
  await waitForOk(`http://127.0.0.1:${ports.relayOps}/health/ready`, relay, 60_000);
  await waitForOk(`http://127.0.0.1:${ports.api}/health/ready`, api, 60_000);
  const base = `http://127.0.0.1:${ports.api}`;
  const email = `bench-${Date.now().toString(36)}@example.com`;
  const password = 'bench-Password-123456';
  await call(base, 'POST', '/v1/users', null, { email, password });
  const { access_token: token } = await call<{ access_token: string }>(base, 'POST', '/v1/users/auth/login', null, { email, password });
  return { dispatcher, relay, api, base, token, dispatcherOps: ports.dispatcherOps };
}

type ImportApps = Awaited<ReturnType<typeof startImportApps>>;

async function call<T = unknown>(base: string, method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const isForm = body instanceof FormData;
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body && !isForm ? { 'content-type': 'application/json' } : {}) },
    body: isForm ? body : body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The largest resident set the process has had (VmHWM), in MB; null once it is gone. */
export function peakRssMb(pid: number | undefined): number | null {
  try {
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
}

interface ImportRow {
  status: string;
  staged_rows: number;
  processed_rows: number;
  valid_rows: number;
  invalid_rows: number;
}

const STAGING = new Set(['pending', 'staging']);
const PROCESSED = new Set(['completed', 'completed_with_errors', 'failed', 'cancelled']);

/**
 * One message request through the API: upload, POST …/csv, then the clock of each phase, polled from the database
 * every 100 ms (the import's row) and from the dispatcher's /metrics (messages sent). `stopAfterStaging` cancels the
 * request once staged (the XLSX run measures staging only).
 */
export async function importRun(apps: ImportApps, client: Client, file: string, rows: number, options: { stopAfterStaging: boolean }) {
  const { base, token } = apps;
  const form = new FormData();
  form.append('file', await openAsBlob(file), basename(file));
  const uploadStarted = performance.now();
  const uploaded = await call<{ id: string }>(base, 'POST', '/v1/files/upload', token, form);
  const uploadS = (performance.now() - uploadStarted) / 1000;
  const sentBefore = (await sentSoFar(apps.dispatcherOps)) ?? 0;
  const t0 = performance.now();
  const request = await call<{ id: string }>(base, 'POST', '/v1/messaging/message-requests/csv', token, {
    file_id: uploaded.id,
    messenger: 'sandbox',
    recipient_column: 'phone',
    text: 'Hi {{name}}, see you in {{city}}.',
  });
  const at = () => (performance.now() - t0) / 1000;
  let stagingStartedS: number | null = null;
  let stagedS: number | null = null;
  let processedS: number | null = null;
  let sentS: number | null = null;
  let last: ImportRow | null = null;
  let lastPrint = 0;
  for (;;) {
    assertAlive(apps.dispatcher, apps.relay, apps.api);
    const { rows: found } = await client.query<ImportRow>('SELECT status, staged_rows, processed_rows, valid_rows, invalid_rows FROM importing.imports WHERE id = $1', [request.id]);
    last = found[0];
    if (stagingStartedS === null && last.status !== 'pending') stagingStartedS = at();
    if (stagedS === null && !STAGING.has(last.status)) stagedS = at();
    if (stagedS !== null && options.stopAfterStaging) break;
    if (processedS === null && PROCESSED.has(last.status)) processedS = at();
    if (last.status === 'failed' || last.status === 'cancelled') throw new Error(`the request ended ${last.status}`);
    const sent = processedS === null ? null : ((await sentSoFar(apps.dispatcherOps)) ?? 0) - sentBefore;
    if (sent !== null && sent >= last.valid_rows) {
      sentS = at();
      break;
    }
    if (at() - lastPrint >= 10) {
      lastPrint = at();
      console.log(`  ${at().toFixed(0).padStart(4)} s: ${last.status}, ${last.staged_rows.toLocaleString('en-US')} staged, ${last.processed_rows.toLocaleString('en-US')} processed${sent === null ? '' : `, ${sent.toLocaleString('en-US')} sent`}`);
    }
    if (at() * 1000 > IMPORT_TIMEOUT_MS) throw new Error(`the request is still ${last.status} after ${IMPORT_TIMEOUT_MS / 1000} s`);
    await sleep(100);
  }
  if (options.stopAfterStaging) await call(base, 'POST', `/v1/messaging/message-requests/${request.id}/cancel`, token);
  const { rows: counts } = await client.query<{ messages: number; sent: number; first_sent: Date | null; last_sent: Date | null }>(
    `SELECT count(*)::int AS messages, count(*) FILTER (WHERE m.status = 'sent')::int AS sent,
            (SELECT min(e.at) FROM messaging.message_events e JOIN messaging.messages x ON x.id = e.message_id WHERE x.request_id = $1 AND e.status = 'sent') AS first_sent,
            (SELECT max(e.at) FROM messaging.message_events e JOIN messaging.messages x ON x.id = e.message_id WHERE x.request_id = $1 AND e.status = 'sent') AS last_sent
       FROM messaging.messages m WHERE m.request_id = $1`,
    [request.id],
  );
  const staging = stagedS! - (stagingStartedS ?? 0);
  const firstToLastSent = counts[0].first_sent && counts[0].last_sent ? (counts[0].last_sent.getTime() - counts[0].first_sent.getTime()) / 1000 : null;
  return {
    request_id: request.id,
    file_bytes: readFileSync(file).length,
    upload_s: round(uploadS, 2),
    final: last,
    staging: { seconds: round(staging, 2), per_second: Math.round(rows / staging), from: 'the import leaves pending → it leaves staging' },
    queued:
      processedS === null
        ? null
        : { seconds: round(processedS - stagedS!, 2), per_second: Math.round(rows / (processedS - stagedS!)), from: 'staged → every row processed (each valid row a queued message)' },
    delivered:
      sentS === null
        ? null
        : {
            seconds: round(sentS, 2),
            per_second: Math.round(rows / sentS),
            first_to_last_sent_per_second: firstToLastSent ? Math.round(counts[0].sent / firstToLastSent) : null,
            from: 'POST …/csv → the last message sent to the sandbox',
          },
    counts: { messages: counts[0].messages, sent: counts[0].sent },
    ok: options.stopAfterStaging ? last.staged_rows === rows : counts[0].messages === rows && counts[0].sent === rows && last.valid_rows === rows,
  };
}

async function sentSoFar(opsPort: number): Promise<number | null> {
  const metrics = await scrape(opsPort);
  return metrics ? total(metrics, 'missive_messages_consumed_total', 'queue="dispatcher.messaging.send-message"') : null;
}
