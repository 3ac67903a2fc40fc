import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { bearer, expectInvalidField, expectProblem, Gateway, signUp, startGateway } from '../../apps/api-gateway/test/gateway';
import { multipartBody } from '../../apps/api-gateway/test/files';
import { serverSentEvents } from '../../apps/cli/src/import/sse-reader';
import { freePort, ROOT, runApp, Running, waitForOk, within } from '../process';
import { isolatedDatabase } from '../test-database';
import { privateVhost } from './fault-helpers';

const JWT_SECRET = 'message-requests-secret-at-least-32-chars';
const FIXTURE = join(ROOT, 'test/fixtures/imports/message-request-mixed.csv');
const REQUESTS = '/v1/messaging/message-requests';
const VALID_RECIPIENTS = ['+15550100', 'ann@example.com', '@SUM(A1:A9)', '+15550109', '-15550110'];

interface Progress {
  status: string;
  done: boolean;
  percentage: number;
  counts: Record<string, number | null>;
}

/** A message request end to end: the gateway (listening), the relay and the dispatcher as processes, in broker mode. */
describe('message requests, end to end', () => {
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;
  let vhost: Awaited<ReturnType<typeof privateVhost>>;
  let gateway: Gateway;
  let url: string;
  const workers: Running[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'missive-message-requests-'));

  beforeAll(async () => {
    database = await isolatedDatabase();
    vhost = await privateVhost(process.env.TEST_AMQP_URL!);
    const env = { DATABASE_URL: database.url, JWT_SECRET, AMQP_URL: vhost.url, DATA_DIR: dataDir, LOG_LEVEL: 'error', OUTBOX_POLL_INTERVAL: '200ms' };
    for (const app of ['dispatcher', 'outbox-relay']) {
      const opsPort = await freePort();
      const worker = runApp(app, [], { ...env, OPS_PORT: String(opsPort) });
      workers.push(worker);
      await waitForOk(`http://127.0.0.1:${opsPort}/health/ready`, worker);
    }
    gateway = await startGateway({ DATABASE_URL: database.url, JWT_SECRET, AMQP_URL: vhost.url, DATA_DIR: dataDir });
    await gateway.app.listen(0, '127.0.0.1');
    url = (await gateway.app.getUrl()).replace('[::1]', '127.0.0.1');
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    for (const worker of workers) {
      worker.child.kill('SIGTERM');
      await within(worker.exited, 15_000, 'worker stop');
    }
    await vhost?.delete();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const upload = async (token: string, content: string | Buffer = readFileSync(FIXTURE), filename = 'recipients.csv') => {
    const { payload, contentType } = multipartBody([{ name: 'file', filename, content }]);
    const reply = await gateway.request('POST', '/v1/files/upload', { raw: payload, headers: { ...bearer(token), 'content-type': contentType } });
    expect(reply.status).toBe(201);
    return reply.body.id as string;
  };

  const start = (token: string, body: Record<string, unknown>) => gateway.request('POST', `${REQUESTS}/csv`, { body, headers: bearer(token) });

  /** Every event of the request's stream, until the server ends it. */
  async function watch(token: string, id: string): Promise<{ event: string; data: Progress }[]> {
    const response = await fetch(`${url}${REQUESTS}/${id}/events`, { headers: { ...bearer(token), accept: 'text/event-stream' }, signal: AbortSignal.timeout(30_000) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = [];
    for await (const { event, data } of serverSentEvents(response.body as unknown as AsyncIterable<Uint8Array>)) events.push({ event, data: JSON.parse(data) as Progress });
    return events;
  }

  it('sends one message per valid row, streams its progress to the end, and lists every invalid row in the errors CSV', async () => {
    const { access_token: token } = await signUp(gateway);
    const fileId = await upload(token);
    const started = await start(token, { file_id: fileId, messenger: 'sandbox', recipient_column: 'phone', text: 'Hi {{name}} from {{city}}', duplicate_recipients: 'skip' });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ file_id: fileId, import_type: 'messages', status: 'pending', done: false, counts: { rows: null } });
    const id = started.body.id as string;

    const events = await watch(token, id);

    const last = events.at(-1)!;
    expect(last.event).toBe('end');
    expect(last.data).toMatchObject({
      id,
      status: 'completed_with_errors',
      done: true,
      percentage: 100,
      eta_seconds: 0,
      counts: { rows: 9, staged: 9, processed: 9, valid: 5, invalid: 4, queued: 0, sending: 0, sent: 5, delivered: 0, failed: 0 },
    });
    expect(events.slice(0, -1).every(({ event, data }) => event === 'progress' && !data.done)).toBe(true);
    const percentages = events.map(({ data }) => data.percentage);
    expect(percentages).toEqual([...percentages].sort((a, b) => a - b));

    const deliveries = (await gateway.request('GET', '/v1/messaging/sandbox/deliveries?limit=100', { headers: bearer(token) })).body.items;
    expect(deliveries.map((delivery: { to: string }) => delivery.to).sort()).toEqual([...VALID_RECIPIENTS].sort());
    expect(deliveries.find((delivery: { to: string }) => delivery.to === '+15550109').text).toBe('Hi Dan, "the man" from Lagos');
    expect(deliveries.every((delivery: { calls: number }) => delivery.calls === 1)).toBe(true);
    expect((await gateway.request('GET', `${REQUESTS}/${id}`, { headers: bearer(token) })).body).toEqual({ ...last.data, rate: expect.any(Number), updated_at: expect.any(String) });

    const csv = await gateway.request('GET', `${REQUESTS}/${id}/errors.csv`, { headers: bearer(token) });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="message-request-${id}-errors.csv"`);
    const rows = parse(csv.raw, { columns: true }) as Record<string, string>[];
    expect(rows.map(({ row, column, code }) => [row, column, code])).toEqual([
      ['4', 'phone', 'blank_value'],
      ['5', 'name', 'missing_variable'],
      ['6', 'phone', 'duplicate_recipient'],
      ['7', 'phone', 'invalid_recipient'],
    ]);
    expect(rows[2].value).toBe("'+15550100");
    expect(rows[3].value).toMatch(/^'=HYPERLINK\("http:\/\/evil\.example\/\?q=x+","click"\)$/);
    expect(rows.every(({ message }) => message.length > 10)).toBe(true);

    const first = await gateway.request('GET', `${REQUESTS}/${id}/errors?limit=3`, { headers: bearer(token) });
    expect(first.body.items.map((error: { row: number }) => error.row)).toEqual([4, 5, 6]);
    const second = await gateway.request('GET', `${REQUESTS}/${id}/errors?limit=3&cursor=${encodeURIComponent(first.body.next_cursor)}`, { headers: bearer(token) });
    expect(second.body).toEqual({ items: [expect.objectContaining({ row: 7, value: expect.stringMatching(/^=HYPERLINK/) })], next_cursor: null });

    const list = await gateway.request('GET', REQUESTS, { headers: bearer(token) });
    expect(list.body).toEqual({ items: [expect.objectContaining({ id, status: 'completed_with_errors', error_code: null })], next_cursor: null });
    expectProblem(await gateway.request('POST', `${REQUESTS}/${id}/cancel`, { headers: bearer(token) }), 409);
  }, 60_000);

  it('cancels a request before its rows are sent: its stream ends at once, a second cancel is a 409', async () => {
    const { access_token: token } = await signUp(gateway);
    const id = (await start(token, { file_id: await upload(token), messenger: 'sandbox', recipient_column: 'phone', text: 'Hi {{name}}' })).body.id;
    const cancelled = await gateway.request('POST', `${REQUESTS}/${id}/cancel`, { headers: bearer(token) });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id, status: 'cancelled', done: true, percentage: 100 });
    expect(await watch(token, id)).toEqual([{ event: 'end', data: expect.objectContaining({ id, status: 'cancelled', done: true }) }]);
    expectProblem(await gateway.request('POST', `${REQUESTS}/${id}/cancel`, { headers: bearer(token) }), 409);
    const sent = (await gateway.request('GET', '/v1/messaging/sandbox/deliveries', { headers: bearer(token) })).body.items;
    // why: what was queued when it was cancelled is never sent; what was already being sent may finish.
    expect(sent.length).toBeGreaterThanOrEqual(cancelled.body.counts.sent);
    expect(sent.length).toBeLessThanOrEqual(cancelled.body.counts.sent + cancelled.body.counts.sending);
  }, 60_000);

  it("answers 404 for another user's request on every route, and lists only the caller's", async () => {
    const owner = await signUp(gateway);
    const id = (await start(owner.access_token, { file_id: await upload(owner.access_token), messenger: 'sandbox', recipient_column: 'phone', text: 'Hi' })).body.id;
    const other = bearer((await signUp(gateway)).access_token);
    for (const path of ['', '/events', '/errors', '/errors.csv']) expectProblem(await gateway.request('GET', `${REQUESTS}/${id}${path}`, { headers: other }), 404);
    expectProblem(await gateway.request('POST', `${REQUESTS}/${id}/cancel`, { headers: other }), 404);
    expect((await gateway.request('GET', REQUESTS, { headers: other })).body).toEqual({ items: [], next_cursor: null });
    await watch(owner.access_token, id);
  }, 60_000);

  it('refuses bad input with a clear problem, never a 500', async () => {
    const { access_token: token } = await signUp(gateway);
    const headers = bearer(token);
    const fileId = await upload(token);
    const base = { file_id: fileId, messenger: 'sandbox', recipient_column: 'phone' };
    expectInvalidField(await start(token, base), 'text');
    expectInvalidField(await start(token, { ...base, text: 'a', template: 'b' }), 'text');
    expectInvalidField(await start(token, { ...base, text: 'a', file_id: 'nope' }), 'file_id');
    expectInvalidField(await start(token, { ...base, text: 'a', duplicate_recipients: 'twice' }), 'duplicate_recipients');
    expectInvalidField(await start(token, { ...base, text: 'a', unknown_columns: 'eat' }), 'unknown_columns');
    expectInvalidField(await start(token, { ...base, text: 'a', colour: 'red' }), 'colour');
    expect(expectProblem(await start(token, { ...base, text: 'a', messenger: 'pigeon' }), 400).detail).toMatch(/messenger/);
    expectProblem(await start(token, { ...base, text: 'a', file_id: '0193a1c5-3e4f-7061-8b2c-d3e4f5a6b7c8' }), 404);
    const imported = (body: unknown) => gateway.request('POST', `${REQUESTS}/import`, { body, headers });
    expectInvalidField(await imported({ file_id: fileId, import_type: 'contacts', config: {} }), 'import_type');
    expectInvalidField(await imported({ file_id: fileId, import_type: 'messages', config: 'text' }), 'config');
    expect(expectProblem(await imported({ file_id: fileId, import_type: 'messages', config: { messenger: 'sandbox' } }), 400).detail).toMatch(/recipient_column/);
    const accepted = await imported({ file_id: fileId, import_type: 'messages', config: { messenger: 'sandbox', recipient_column: 'phone', text: 'Hi' } });
    expect(accepted.status).toBe(202);
    expectProblem(await gateway.request('GET', `${REQUESTS}/not-a-uuid`, { headers }), 400);
    expectInvalidField(await gateway.request('GET', `${REQUESTS}/${accepted.body.id}/errors?limit=0`, { headers }), 'limit');
    expectProblem(await gateway.request('GET', `${REQUESTS}/${accepted.body.id}/errors?cursor=garbage`, { headers }), 400);
    expectInvalidField(await gateway.request('GET', `${REQUESTS}?cursor=garbage`, { headers }), 'cursor');
    expectProblem(await gateway.request('GET', `${REQUESTS}/${accepted.body.id}`), 401);
    await watch(token, accepted.body.id);
  }, 60_000);

  it('npm run import: uploads, starts, follows the stream to the end, prints the summary and writes the errors CSV', async () => {
    const { access_token: token } = await signUp(gateway);
    const errors = join(dataDir, 'errors.csv');
    const cli = runApp('cli', ['import', FIXTURE, '--text', 'Hi {{name}}', '--duplicate-recipients', 'skip', '--errors', errors, '--api-url', url], { MISSIVE_TOKEN: token });
    const { code } = await within(cli.exited, 40_000, 'npm run import');
    const output = cli.output();
    expect({ code, output }).toMatchObject({ code: 0 });
    expect(output).toMatch(/message request [0-9a-f-]{36} completed with errors: 9 rows, 5 valid, 4 invalid; messages: 5 sent, 0 delivered, 0 failed, 0 not sent yet/);
    expect(output).toContain(`4 invalid rows, each with its reason: ${errors}`);
    expect((parse(readFileSync(errors), { columns: true }) as { row: string }[]).map(({ row }) => row)).toEqual(['4', '5', '6', '7']);

    const refused = runApp('cli', ['import', FIXTURE, '--text', 'Hi', '--messenger', 'pigeon', '--api-url', url], { MISSIVE_TOKEN: token });
    expect((await within(refused.exited, 20_000, 'npm run import')).code).toBe(1);
    expect(refused.output()).toMatch(/^starting the request failed: 400 .*messenger/m);
  }, 60_000);
});
