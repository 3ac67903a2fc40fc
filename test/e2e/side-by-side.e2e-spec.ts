import { freePort, runApp, Running, waitForOk, within } from '../process';
import { isolatedDatabase } from '../test-database';

/** docs/operations.md, "Running the apps separately", on one host, each app with its own default operations port. */
describe('the three apps side by side on one host, on default settings', () => {
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;
  const running: Running[] = [];

  beforeAll(async () => {
    database = await isolatedDatabase();
  });

  afterAll(async () => {
    for (const app of running) {
      app.child.kill('SIGTERM');
      await within(app.exited, 15_000, 'stopping');
    }
    await database?.drop();
  });

  it('are all ready: the gateway on PORT, the relay on 9465, the dispatcher on 9466; the relay and the dispatcher with no JWT_SECRET', async () => {
    const shared = { DATABASE_URL: database.url, AMQP_URL: process.env.TEST_AMQP_URL! };
    const port = await freePort();
    const gateway = runApp('api-gateway', [], { ...shared, JWT_SECRET: 'side-by-side-secret-at-least-32-characters', PORT: String(port) });
    const relay = runApp('outbox-relay', [], shared);
    const dispatcher = runApp('dispatcher', [], shared);
    running.push(gateway, relay, dispatcher);
    await waitForOk(`http://127.0.0.1:${port}/health/ready`, gateway);
    await waitForOk('http://127.0.0.1:9465/health/ready', relay);
    await waitForOk('http://127.0.0.1:9466/health/ready', dispatcher);
    for (const app of running) expect(app.output()).not.toMatch(/EADDRINUSE|Invalid configuration/);
  }, 60_000);
});
