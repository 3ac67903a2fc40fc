import { freePort, runApp, waitForOk, warnings, within } from '../../../test/process';

const DATABASE_URL = process.env.MISSIVE_TEST_DATABASE_URL;
const JWT_SECRET = 'process-test-secret-at-least-32-characters';

describe('api-gateway process', () => {
  it('serves the API against DATABASE_URL with no warning at start, with the version and commit the image stamped, and drains on SIGTERM', async () => {
    const port = await freePort();
    // APP_VERSION and APP_COMMIT are what the Dockerfile sets from its VERSION and COMMIT build arguments.
    const app = runApp('api-gateway', [], { DATABASE_URL, JWT_SECRET, PORT: String(port), OPS_PORT: '0', LOG_LEVEL: 'info', APP_VERSION: '1.4.2', APP_COMMIT: '0f5c2e1' });
    await waitForOk(`http://127.0.0.1:${port}/health/ready`, app);
    const info = await (await fetch(`http://127.0.0.1:${port}/`)).json();
    expect(info).toMatchObject({ name: 'missive', version: '1.4.2', commit: '0f5c2e1', links: { docs: '/docs' } });
    expect(warnings(app.output())).toEqual([]);
    app.child.kill('SIGTERM');
    const exit = await within(app.exited, 15_000, 'stopping on SIGTERM');
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
  }, 40_000);

  it.each([
    [{ PORT: 'abc' }, 'Invalid configuration: PORT must be a whole number from 0 to 65535, got "abc"'],
    [{ JWT_SECRET: undefined }, 'Invalid configuration: JWT_SECRET is required (a secret of at least 32 characters), but it is not set'],
    [{ DATABASE_URL: 'mysql://root@localhost/db' }, 'Invalid configuration: DATABASE_URL must be a URL starting with postgres:// or postgresql://, got "mysql://root@localhost/db"'],
    [{ LOG_LEVEL: 'loud' }, 'Invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"'],
  ])('stops at start-up on %j with one line naming the variable', async (override, line) => {
    const app = runApp('api-gateway', [], { DATABASE_URL, JWT_SECRET, PORT: '0', ...override });
    const { code } = await within(app.exited, 15_000, 'refusing to start');
    expect(code).toBe(1);
    expect(app.output().trim().split('\n')).toEqual([line]);
  }, 20_000);
});
