import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqplib from 'amqplib';
import { DataSource } from 'typeorm';
import { bearer, Gateway, logIn, register, signUp, startGateway } from '../../apps/api-gateway/test/gateway';
import { multipartBody } from '../../apps/api-gateway/test/files';
import { freePort, runApp, Running, waitForOk, within } from '../process';
import { isolatedDatabase } from '../test-database';

const AMQP_URL = process.env.TEST_AMQP_URL!;
const JWT_SECRET = 'round-trip-secret-at-least-32-characters';
const ADMIN = 'round-trip-admin@example.com';

const eventually = async <T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> => {
  let value = await read();
  for (const deadline = Date.now() + ms; !done(value) && Date.now() < deadline; value = await read()) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return value;
};

/** One message through the real spine: API → outbox → relay process → RabbitMQ → dispatcher process → sandbox. */
describe('a message, end to end in broker mode', () => {
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;
  let gateway: Gateway;
  const workers: Running[] = [];
  const opsPorts: Record<string, number> = {};
  const dataDir = mkdtempSync(join(tmpdir(), 'missive-round-trip-'));

  beforeAll(async () => {
    database = await isolatedDatabase();
    const broker = await amqplib.connect(AMQP_URL);
    const channel = await broker.createChannel();
    await channel.deleteQueue('dispatcher.messaging.send-message');
    await channel.deleteQueue('dispatcher.messaging.send-message.dlq');
    await channel.deleteQueue('dispatcher.files.remove-object');
    await broker.close();
    const env = { DATABASE_URL: database.url, JWT_SECRET, AMQP_URL, DATA_DIR: dataDir, LOG_LEVEL: 'error', OUTBOX_POLL_INTERVAL: '200ms', RETRY_SCHEDULE: '100ms,200ms' };
    for (const app of ['dispatcher', 'outbox-relay']) {
      const opsPort = await freePort();
      opsPorts[app] = opsPort;
      const worker = runApp(app, [], { ...env, OPS_PORT: String(opsPort) });
      workers.push(worker);
      await waitForOk(`http://127.0.0.1:${opsPort}/health/ready`, worker);
    }
    gateway = await startGateway({ DATABASE_URL: database.url, JWT_SECRET, AMQP_URL, DATA_DIR: dataDir, ADMIN_EMAILS: ADMIN });
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    for (const worker of workers) {
      worker.child.kill('SIGTERM');
      await within(worker.exited, 15_000, 'worker stop');
    }
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is accepted as queued and ends sent, delivered to the sandbox once', async () => {
    const { access_token: token } = await signUp(gateway);
    const created = await gateway.request('POST', '/v1/messaging/message', {
      body: { messenger: 'sandbox', to: '+15550100', text: 'hello through RabbitMQ' },
      headers: bearer(token),
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('queued');
    let message = created.body;
    for (const deadline = Date.now() + 20_000; message.status !== 'sent' && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      message = (await gateway.request('GET', `/v1/messaging/messages/${created.body.id}`, { headers: bearer(token) })).body;
    }
    expect(message.status).toBe('sent');
    expect(message.history.map((entry: { status: string }) => entry.status)).toEqual(['queued', 'sending', 'sent']);
    const deliveries = await gateway.request('GET', '/v1/messaging/sandbox/deliveries', { headers: bearer(token) });
    expect(deliveries.body.items.filter((item: { message_id: string }) => item.message_id === created.body.id)).toHaveLength(1);
  }, 40_000);

  it('retries a send the provider cannot take, dead-letters it with its error, fails the message; replay sends it again', async () => {
    await register(gateway, ADMIN);
    const admin = bearer((await logIn(gateway, ADMIN)).access_token);
    const created = await gateway.request('POST', '/v1/messaging/message', {
      body: { messenger: 'sandbox', to: 'sandbox:unavailable', text: 'nobody home' },
      headers: admin,
    });
    const read = () => gateway.request('GET', `/v1/messaging/messages/${created.body.id}`, { headers: admin }).then((reply) => reply.body);
    const failed = await eventually(read, (message) => message.status === 'failed');
    expect(failed.status).toBe('failed');
    expect(failed.history.at(-1).detail).toBe('dead-lettered after 3 attempts: SandboxOutage: sandbox: simulated provider outage');
    expect(failed.attempts).toBe(3);
    expect(failed.history.map((entry: { status: string }) => entry.status)).toEqual(['queued', 'sending', 'retrying', 'sending', 'retrying', 'sending', 'failed']);
    const letters = await gateway.request('GET', '/v1/admin/dead-letters?queue=dispatcher.messaging.send-message', { headers: admin });
    const ofMessage = letters.body.items.filter((item: { payload: { message_id: string } }) => item.payload.message_id === created.body.id);
    expect(ofMessage).toHaveLength(1);
    const [letter] = ofMessage;
    expect(letter).toMatchObject({ attempts: 3, error: 'SandboxOutage: sandbox: simulated provider outage' });
    const broker = await amqplib.connect(AMQP_URL);
    const dlq = await (await broker.createChannel()).get('dispatcher.messaging.send-message.dlq', { noAck: true });
    await broker.close();
    expect(dlq && dlq.properties.headers?.['x-last-error']).toBe('SandboxOutage: sandbox: simulated provider outage');
    expect((await gateway.request('POST', `/v1/admin/dead-letters/${letter.id}/replay`, { headers: admin })).status).toBe(202);
    const again = await eventually(
      () => gateway.request('GET', '/v1/admin/dead-letters?queue=dispatcher.messaging.send-message&pending=true', { headers: admin }),
      (reply) => reply.body.items.some((item: { payload: { message_id: string } }) => item.payload.message_id === created.body.id),
    );
    expect(again.body.items[0].headers['x-replay-of']).toBe(letter.id);
    const replayed = await eventually(read, (message) => message.status === 'failed' && message.attempts === 6);
    expect(replayed.history.map((entry: { status: string; detail: string | null }) => [entry.status, entry.status === 'queued' ? entry.detail : null]).slice(6, 8)).toEqual([
      ['failed', null],
      ['queued', `replayed from dead letter ${letter.id}`],
    ]);
    expect(again.body.items[0].attempts).toBe(3);
    const calls = await gateway.app.get(DataSource).query(`SELECT count(*)::int AS n FROM messaging.sandbox_calls WHERE message_id = $1`, [created.body.id]);
    expect(calls[0].n).toBe(6);
  }, 60_000);

  it('fails a message the provider refuses for good, at once and without a dead letter', async () => {
    const { access_token: token } = await signUp(gateway);
    const created = await gateway.request('POST', '/v1/messaging/message', {
      body: { messenger: 'sandbox', to: 'sandbox:refuse', text: 'no thanks' },
      headers: bearer(token),
    });
    const read = () => gateway.request('GET', `/v1/messaging/messages/${created.body.id}`, { headers: bearer(token) }).then((reply) => reply.body);
    const failed = await eventually(read, (message) => message.status === 'failed');
    expect(failed.history.map((entry: { status: string }) => entry.status)).toEqual(['queued', 'sending', 'failed']);
    const letters = await gateway.app.get(DataSource).query(`SELECT 1 FROM platform.dead_letters WHERE payload->>'message_id' = $1`, [created.body.id]);
    expect(letters).toEqual([]);
  });

  it('publishes files.file-uploaded.v1, and has the dispatcher remove the bytes of a deleted file', async () => {
    const session = await signUp(gateway);
    const { payload, contentType } = multipartBody([{ name: 'file', filename: 'list.csv', content: 'phone,name\n+15550100,Ada\n' }]);
    const file = (await gateway.request('POST', '/v1/files/upload', { raw: payload, headers: { ...bearer(session.access_token), 'content-type': contentType } })).body;
    const bytes = join(dataDir, 'files', session.id, file.id);
    const sql = (query: string) => gateway.app.get(DataSource).query(query, [file.id]);
    expect(existsSync(bytes)).toBe(true);

    expect((await gateway.request('DELETE', `/v1/files/${file.id}`, { headers: bearer(session.access_token) })).status).toBe(204);

    const removed = await eventually(() => sql('SELECT object_removed_at FROM files.files WHERE id = $1'), ([row]) => row.object_removed_at !== null);
    expect(removed[0].object_removed_at).not.toBeNull();
    expect(existsSync(bytes)).toBe(false);
    const outbox = await sql('SELECT type, published_at IS NOT NULL AS published FROM platform.outbox WHERE aggregate_id = $1::text ORDER BY id');
    expect(outbox).toEqual([
      { type: 'files.file-uploaded.v1', published: true },
      { type: 'files.remove-object', published: true },
    ]);
  }, 30_000);

  it('shows the flow in the metrics of the relay and the dispatcher', async () => {
    const scrape = (app: string) => fetch(`http://127.0.0.1:${opsPorts[app]}/metrics`).then((response) => response.text());
    const relay = await scrape('outbox-relay');
    expect(relay).toMatch(/missive_outbox_published_total\{type="messaging.send-message"\} [1-9]/);
    expect(relay).toMatch(/missive_outbox_backlog \d+/);
    expect(relay).toMatch(/missive_outbox_oldest_age_seconds \d/);
    const dispatcher = await scrape('dispatcher');
    expect(dispatcher).toMatch(/missive_messages_consumed_total\{queue="dispatcher.messaging.send-message",type="messaging.send-message",outcome="done"\} [1-9]/);
    expect(dispatcher).toContain('missive_handler_duration_seconds_bucket{le="0.05",queue="dispatcher.messaging.send-message"}');
  });
});
