import { freePort, runApp, waitForOk, warnings, within } from '../../../test/process';
import { isolatedDatabase } from '../../../test/test-database';

const env = { DATABASE_URL: '', JWT_SECRET: 'process-test-secret-at-least-32-characters', LOG_LEVEL: 'info' };

describe('dispatcher process', () => {
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;

  beforeAll(async () => {
    database = await isolatedDatabase();
    env.DATABASE_URL = database.url;
  });

  afterAll(() => database.drop());

  it('with --direct, runs in direct mode with no warning at start, serves health on OPS_PORT and stops on SIGTERM', async () => {
    const opsPort = await freePort();
    const dispatcher = runApp('dispatcher', ['--direct'], { ...env, OPS_PORT: String(opsPort), AMQP_URL: process.env.TEST_AMQP_URL! });
    await waitForOk(`http://127.0.0.1:${opsPort}/health/live`, dispatcher);
    expect(dispatcher.output()).toContain('(direct mode)');
    expect(warnings(dispatcher.output())).toEqual([]);
    dispatcher.child.kill('SIGTERM');
    const exit = await within(dispatcher.exited, 15_000, 'stopping on SIGTERM');
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
  }, 30_000);
});
