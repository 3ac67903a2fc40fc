import { freePort, runApp, waitForOk, within } from '../../../test/process';
import { isolatedDatabase } from '../../../test/test-database';

const env = {
  DATABASE_URL: '',
  JWT_SECRET: 'process-test-secret-at-least-32-characters',
  LOG_LEVEL: 'info',
  AMQP_URL: process.env.TEST_AMQP_URL!,
};

describe('outbox-relay process', () => {
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;

  beforeAll(async () => {
    database = await isolatedDatabase();
    env.DATABASE_URL = database.url;
  });

  afterAll(() => database.drop());

  it('with --once, starts, does what is due and exits 0 (a CronJob run)', async () => {
    const relay = runApp('outbox-relay', ['--once'], { ...env, OPS_PORT: String(await freePort()) });
    const { code } = await within(relay.exited, 20_000, 'relay --once');
    expect(code).toBe(0);
    expect(relay.output()).toMatch(/drained \d+ outbox rows/);
  }, 30_000);

  it('refuses direct mode, which belongs to the dispatcher', async () => {
    const relay = runApp('outbox-relay', [], { ...env, OUTBOX_DISPATCH: 'direct', OPS_PORT: String(await freePort()) });
    const { code } = await within(relay.exited, 20_000, 'refusing direct mode');
    expect(code).toBe(1);
    expect(relay.output()).toContain('Invalid configuration: OUTBOX_DISPATCH must be broker for the outbox-relay app');
  }, 30_000);

  it('serves health on OPS_PORT and stops on SIGTERM', async () => {
    const opsPort = await freePort();
    const relay = runApp('outbox-relay', [], { ...env, OPS_PORT: String(opsPort) });
    await waitForOk(`http://127.0.0.1:${opsPort}/health/ready`, relay);
    relay.child.kill('SIGTERM');
    const exit = await within(relay.exited, 15_000, 'stopping on SIGTERM');
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
  }, 30_000);
});
