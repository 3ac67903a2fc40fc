import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { bearer, Gateway, signUp, startGateway } from '../../apps/api-gateway/test/gateway';
import { multipartBody } from '../../apps/api-gateway/test/files';
import { freePort } from '../process';
import { isolatedDatabase } from '../test-database';
import { privateVhost, until, Worker } from './fault-helpers';

const BROKER_URL = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
// why: more than one staging batch (PgCopyRowStaging commits 20,000 rows at a time), so a kill can land after a committed one.
const ROWS = 24_000;
/** Every 20th row has no phone: a row error, no message. */
const INVALID_EVERY = 20;
const INVALID = Math.floor((ROWS + 1) / INVALID_EVERY);
const VALID = ROWS - INVALID;
const STAGING_KILLS = 2;
const PROCESSING_KILLS = 3;

function recipientsCsv(): string {
  const lines = ['phone,name'];
  for (let i = 1; i <= ROWS; i++) lines.push(`${(i + 1) % INVALID_EVERY === 0 ? '' : `+1555${String(i).padStart(7, '0')}`},Name ${i}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The import engine's promise under faults: a 24,000-row message request with the dispatcher killed -9 while it
 * stages the file and again while it processes the batches; the request completes with one message per valid row,
 * every invalid row an error, and the counts of what was saved.
 */
describe('a message request through dispatcher kill -9s (broker mode, real processes)', () => {
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;
  let vhost: Awaited<ReturnType<typeof privateVhost>>;
  let db: Pool;
  let relay: Worker;
  let dispatcher: Worker;
  let gateway: Gateway;
  const dataDir = mkdtempSync(join(tmpdir(), 'missive-import-faults-'));
  const log: string[] = [];
  const diagnose = () => [...log, ...[relay, dispatcher].map((worker) => worker.tail())].join('\n');

  beforeAll(async () => {
    [database, vhost] = await Promise.all([isolatedDatabase(), privateVhost(BROKER_URL)]);
    db = new Pool({ connectionString: database.url, max: 2, application_name: 'missive-fault-test' });
    const env = {
      DATABASE_URL: database.url,
      AMQP_URL: vhost.url,
      DATA_DIR: dataDir,
      JWT_SECRET: 'import-faults-secret-at-least-32-characters',
      LOG_LEVEL: 'warn',
      RETRY_SCHEDULE: '100ms,200ms,500ms,1s,2s',
      OUTBOX_POLL_INTERVAL: '200ms',
    };
    relay = new Worker('outbox-relay', env, await freePort());
    dispatcher = new Worker('dispatcher', env, await freePort());
    await Promise.all([relay.start(), dispatcher.start()]);
    gateway = await startGateway(env);
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([relay?.stop(), dispatcher?.stop()]);
    await db?.end();
    await Promise.all([vhost?.delete(), database?.drop()]);
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('completes with exactly one message per valid row and the right counts', async () => {
    const started = Date.now();
    const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
    const { access_token: token } = await signUp(gateway);
    const { payload, contentType } = multipartBody([{ name: 'file', filename: 'recipients.csv', content: recipientsCsv() }]);
    const file = await gateway.request('POST', '/v1/files/upload', { raw: payload, headers: { ...bearer(token), 'content-type': contentType } });
    expect(file.status).toBe(201);
    const request = await gateway.request('POST', '/v1/messaging/message-requests/csv', {
      body: { file_id: file.body.id, messenger: 'sandbox', recipient_column: 'phone', text: 'Hello {{name}}' },
      headers: bearer(token),
    });
    expect(request.status).toBe(202);
    const id = request.body.id as string;
    const state = async () =>
      (await db.query<{ status: string; staged_rows: number; processed_rows: number }>('SELECT status, staged_rows, processed_rows FROM importing.imports WHERE id = $1', [id])).rows[0];

    let stagingKills = 0;
    for (let last = -1; stagingKills < STAGING_KILLS; ) {
      let now = await state();
      const staging = async () => (now = await state()).status === 'staging' && now.staged_rows > last;
      await until(async () => (await staging()) || now.status !== 'staging' && now.status !== 'pending', 'the staging under way', 60_000, diagnose, 5);
      if (now.status !== 'staging') break;
      await dispatcher.kill9();
      stagingKills += 1;
      last = now.staged_rows;
      log.push(`${seconds()}s dispatcher killed while staging, ${now.staged_rows} rows staged`);
      await dispatcher.start();
    }

    let processingKills = 0;
    for (let last = 0; processingKills < PROCESSING_KILLS; ) {
      let now = await state();
      const progressed = async () => (now = await state()).status === 'processing' && now.processed_rows > last + 2_000;
      await until(async () => (await progressed()) || /^completed/.test(now.status), 'the processing under way', 120_000, diagnose, 5);
      if (now.status !== 'processing') break;
      await dispatcher.kill9();
      processingKills += 1;
      last = now.processed_rows;
      log.push(`${seconds()}s dispatcher killed while processing, ${now.processed_rows} rows processed`);
      await dispatcher.start();
    }

    const sent = async () => Number((await db.query(`SELECT count(*) AS n FROM messaging.messages WHERE request_id = $1 AND status = 'sent'`, [id])).rows[0].n);
    await until(async () => (await sent()) >= VALID && (await state()).status === 'completed_with_errors', `all ${VALID} messages sent`, 400_000 - (Date.now() - started), diagnose, 250);
    console.log(`import faults: ${ROWS} rows, ${VALID} messages sent in ${seconds()}s; dispatcher kill -9: ${stagingKills} staging, ${processingKills} processing\n${log.join('\n')}`);

    const one = async (sql: string, params: unknown[] = [id]) => (await db.query(sql, params)).rows[0];
    expect(await one(`SELECT status, staged_rows, processed_rows, valid_rows, invalid_rows FROM importing.imports WHERE id = $1`)).toEqual({
      status: 'completed_with_errors',
      staged_rows: ROWS,
      processed_rows: ROWS,
      valid_rows: VALID,
      invalid_rows: INVALID,
    });
    expect(await one(`SELECT count(*)::int AS n, count(DISTINCT "row")::int AS rows, min("row") AS first, max("row") AS last FROM importing.import_rows WHERE import_id = $1`)).toEqual({
      n: ROWS,
      rows: ROWS,
      first: 2,
      last: ROWS + 1,
    });
    expect(await one(`SELECT count(*)::int AS n, count(DISTINCT "to")::int AS recipients, count(*) FILTER (WHERE status <> 'sent')::int AS unsent FROM messaging.messages WHERE request_id = $1`)).toEqual({
      n: VALID,
      recipients: VALID,
      unsent: 0,
    });
    expect(await one(`SELECT count(*)::int AS n FROM messaging.sandbox_deliveries d JOIN messaging.messages m ON m.id = d.message_id WHERE m.request_id = $1`)).toEqual({ n: VALID });
    expect(await one(`SELECT count(*)::int AS n, count(*) FILTER (WHERE code = 'blank_value')::int AS blank FROM importing.import_row_errors WHERE import_id = $1`)).toEqual({
      n: INVALID,
      blank: INVALID,
    });
    expect(await one(`SELECT count(*)::int AS n FROM platform.dead_letters`, [])).toEqual({ n: 0 });
    const view = (await gateway.request('GET', `/v1/messaging/message-requests/${id}`, { headers: bearer(token) })).body;
    expect(view).toMatchObject({ status: 'completed_with_errors', done: true, counts: { rows: ROWS, valid: VALID, invalid: INVALID, queued: 0, sending: 0, sent: VALID, failed: 0 } });
    expect(dispatcher.crashes.concat(relay.crashes)).toEqual([]);
    expect(stagingKills).toBeGreaterThanOrEqual(1);
    expect(processingKills).toBe(PROCESSING_KILLS);
  }, 420_000);
});
