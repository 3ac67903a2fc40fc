import { freePort, runApp, waitForOk, within } from '../../../test/process';

const env = { DATABASE_URL: process.env.MISSIVE_TEST_DATABASE_URL, JWT_SECRET: 'process-test-secret-at-least-32-characters', LOG_LEVEL: 'info' };

describe('outbox-relay process', () => {
  it('with --once, starts, does what is due and exits 0 (a CronJob run)', async () => {
    const relay = runApp('outbox-relay', ['--once'], { ...env, OPS_PORT: String(await freePort()) });
    const { code } = await within(relay.exited, 20_000, 'relay --once');
    expect(code).toBe(0);
    expect(relay.output()).toContain('--once');
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
