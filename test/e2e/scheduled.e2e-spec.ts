import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { bearer, Gateway, signUp, startGateway } from '../../apps/api-gateway/test/gateway';
import { freePort, runApp, Running, waitForOk, within } from '../process';
import { isolatedDatabase } from '../test-database';
import { privateVhost } from './fault-helpers';

const JWT_SECRET = 'scheduled-e2e-secret-at-least-32-characters';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A scheduled message held by its send command's due time in the outbox and sent once due, and a cancelled one never
 * sent: with the built apps as processes, in direct mode (`dispatcher --direct` runs the relay loop) and in broker mode
 * (the relay publishes to RabbitMQ, the dispatcher consumes).
 */
describe.each([
  ['direct', ['dispatcher'], ['--direct']],
  ['broker', ['dispatcher', 'outbox-relay'], []],
])('scheduled sends, end to end in %s mode', (mode, apps, args) => {
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;
  let vhost: Awaited<ReturnType<typeof privateVhost>> | null = null;
  let gateway: Gateway;
  let token: string;
  const workers: Running[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), `missive-scheduled-${mode}-`));

  beforeAll(async () => {
    database = await isolatedDatabase();
    vhost = mode === 'broker' ? await privateVhost(process.env.TEST_AMQP_URL!) : null;
    const broker: Record<string, string> = vhost ? { AMQP_URL: vhost.url } : { OUTBOX_DISPATCH: 'direct' };
    const env = { DATABASE_URL: database.url, JWT_SECRET, DATA_DIR: dataDir, LOG_LEVEL: 'warn', OUTBOX_POLL_INTERVAL: '200ms', ...broker };
    for (const app of apps) {
      const opsPort = await freePort();
      const worker = runApp(app, app === 'dispatcher' ? args : [], { ...env, OPS_PORT: String(opsPort) });
      workers.push(worker);
      await waitForOk(`http://127.0.0.1:${opsPort}/health/ready`, worker);
    }
    gateway = await startGateway({ DATABASE_URL: database.url, JWT_SECRET, DATA_DIR: dataDir, ...broker });
    token = (await signUp(gateway)).access_token;
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    for (const worker of workers) {
      worker.child.kill('SIGTERM');
      await within(worker.exited, 15_000, 'worker stop').catch(() => worker.child.kill('SIGKILL'));
    }
    await vhost?.delete();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const schedule = (sendAt: Date, text: string) =>
    gateway.request('POST', '/v1/messaging/message', {
      body: { messenger: 'sandbox', to: '+15550100', text, send_at: sendAt.toISOString() },
      headers: bearer(token),
    });
  const read = async (id: string) => (await gateway.request('GET', `/v1/messaging/messages/${id}`, { headers: bearer(token) })).body;
  const deliveriesOf = async (id: string) =>
    (await gateway.request('GET', '/v1/messaging/sandbox/deliveries?limit=100', { headers: bearer(token) })).body.items.filter(
      (item: { message_id: string }) => item.message_id === id,
    );
  const sql = <T>(query: string, params: unknown[]) => gateway.app.get(DataSource).query<T[]>(query, params);

  it('keeps a message scheduled 3 s ahead scheduled until then, then sends it, delivered once', async () => {
    const sendAt = new Date(Date.now() + 3_000);
    const created = await schedule(sendAt, `due in 3 s (${mode})`);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'scheduled', send_at: sendAt.toISOString() });

    await sleep(sendAt.getTime() - Date.now() - 700);
    expect((await read(created.body.id)).status).toBe('scheduled');
    expect(await deliveriesOf(created.body.id)).toEqual([]);

    let message = await read(created.body.id);
    for (const deadline = Date.now() + 15_000; message.status !== 'sent' && Date.now() < deadline; message = await read(created.body.id)) await sleep(100);
    const sentAt = Date.now();
    expect(message.status).toBe('sent');
    expect(message.history.map((entry: { status: string }) => entry.status)).toEqual(['scheduled', 'sending', 'sent']);
    const sending = new Date(message.history[1].at).getTime();
    expect(sending).toBeGreaterThanOrEqual(sendAt.getTime());
    expect(sending - sendAt.getTime()).toBeLessThan(2_000);
    expect(sentAt).toBeGreaterThanOrEqual(sendAt.getTime());
    expect(await deliveriesOf(created.body.id)).toEqual([expect.objectContaining({ calls: 1 })]);
  }, 40_000);

  it('never sends a message scheduled 1 h ahead and cancelled, even once its send command is made due', async () => {
    const created = await schedule(new Date(Date.now() + 3_600_000), `cancelled (${mode})`);
    const id = created.body.id;

    const cancelled = await gateway.request('POST', `/v1/messaging/messages/${id}/cancel`, { headers: bearer(token) });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    await sql(`UPDATE platform.outbox SET available_at = now() WHERE aggregate_id = $1 AND published_at IS NULL`, [id]);

    const consumed = async () =>
      (await sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM platform.inbox i JOIN platform.outbox o ON o.id = i.message_id WHERE o.aggregate_id = $1 AND o.type = 'messaging.send-message'`,
        [id],
      ))[0].n;
    const outbox = () =>
      sql<{ type: string; published: boolean }>(`SELECT type, published_at IS NOT NULL AS published FROM platform.outbox WHERE aggregate_id = $1 ORDER BY id`, [id]);
    const settled = async () => (await consumed()) === 1 && (await outbox()).every((row) => row.published);
    for (const deadline = Date.now() + 15_000; !(await settled()) && Date.now() < deadline; ) await sleep(100);
    expect(await consumed()).toBe(1);
    expect(await outbox()).toEqual([
      { type: 'messaging.send-message', published: true },
      { type: 'messaging.message.cancelled.v1', published: true },
    ]);
    const message = await read(id);
    expect(message).toMatchObject({ status: 'cancelled', attempts: 0 });
    expect(message.history.map((entry: { status: string }) => entry.status)).toEqual(['scheduled', 'cancelled']);
    expect(await deliveriesOf(id)).toEqual([]);
    const calls = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM messaging.sandbox_calls WHERE message_id = $1`, [id]);
    expect(calls[0].n).toBe(0);
  }, 40_000);
});
