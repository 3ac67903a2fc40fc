import amqplib from 'amqplib';
import { bearer, Gateway, signUp, startGateway } from '../../apps/api-gateway/test/gateway';
import { freePort, runApp, Running, waitForOk, within } from '../process';
import { isolatedDatabase } from '../test-database';

const AMQP_URL = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const JWT_SECRET = 'round-trip-secret-at-least-32-characters';

/** One message through the real spine: API → outbox → relay process → RabbitMQ → dispatcher process → sandbox. */
describe('a message, end to end in broker mode', () => {
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;
  let gateway: Gateway;
  const workers: Running[] = [];
  const opsPorts: Record<string, number> = {};

  beforeAll(async () => {
    database = await isolatedDatabase();
    const broker = await amqplib.connect(AMQP_URL);
    const channel = await broker.createChannel();
    await channel.deleteQueue('dispatcher.messaging.send-message');
    await broker.close();
    const env = { DATABASE_URL: database.url, JWT_SECRET, AMQP_URL, LOG_LEVEL: 'warn', OUTBOX_POLL_INTERVAL: '200ms' };
    for (const app of ['dispatcher', 'outbox-relay']) {
      const opsPort = await freePort();
      opsPorts[app] = opsPort;
      const worker = runApp(app, [], { ...env, OPS_PORT: String(opsPort) });
      workers.push(worker);
      await waitForOk(`http://127.0.0.1:${opsPort}/health/ready`, worker);
    }
    gateway = await startGateway({ DATABASE_URL: database.url, JWT_SECRET, AMQP_URL });
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    for (const worker of workers) {
      worker.child.kill('SIGTERM');
      await within(worker.exited, 15_000, 'worker stop');
    }
    await database?.drop();
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
