import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort, ROOT, runApp, Running, waitForOk, within } from '../../../test/process';

const PASSWORD = 'correct-Horse-battery-9';

/**
 * `npm start` as root from a home folder: Missive cloned into a folder of mode 0700 (as /root is), DATA_DIR
 * the default `./.missive` in it. Neither the programs nor the data are where the `postgres` user may go.
 */
describe('all-in-one cloned inside a 0700 folder', () => {
  const home = mkdtempSync(join(tmpdir(), 'missive-home-'));
  const clone = join(home, 'missive');
  const dataDir = join(clone, '.missive');
  const pointer = join(dataDir, 'postgres', 'pgdata.path');
  let port: number;

  const start = async (): Promise<Running> => {
    // why: node_modules is linked, not copied; --preserve-symlinks makes the app load it through the 0700 path, as from a real clone.
    const app = runApp('all-in-one', [], { PORT: String(port), LOG_LEVEL: 'warn' }, { root: clone, nodeOptions: ['--preserve-symlinks', '--preserve-symlinks-main'] });
    await waitForOk(`http://127.0.0.1:${port}/health/ready`, app, 90_000);
    return app;
  };
  const stop = async (app: Running) => {
    app.child.kill('SIGTERM');
    expect((await within(app.exited, 30_000, 'stopping')).code).toBe(0);
  };
  const post = (path: string, body: unknown) =>
    fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    port = await freePort();
    mkdirSync(clone);
    cpSync(join(ROOT, 'dist'), join(clone, 'dist'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(clone, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'));
  });

  afterAll(() => {
    const outside = existsSync(pointer) ? readFileSync(pointer, 'utf8').trim() : '';
    rmSync(home, { recursive: true, force: true });
    if (outside.startsWith('/var/lib/missive/')) rmSync(dirname(outside), { recursive: true, force: true });
  });

  it('starts, and keeps its data across a restart', async () => {
    expect(statSync(home).mode & 0o777).toBe(0o700);
    const first = await start();
    expect((await post('/v1/users', { email: 'root@example.com', password: PASSWORD })).status).toBe(201);
    await stop(first);

    const second = await start();
    expect((await post('/v1/users/auth/login', { email: 'root@example.com', password: PASSWORD })).status).toBe(200);
    await stop(second);
  }, 240_000);

  it('keeps the database files where the server user can reach them: as root, outside the 0700 folder, recorded in DATA_DIR', () => {
    const asRoot = process.getuid?.() === 0;
    const pgdata = asRoot ? readFileSync(pointer, 'utf8').trim() : join(dataDir, 'postgres', 'pgdata');
    if (asRoot) expect(pgdata).toMatch(/^\/var\/lib\/missive\/[0-9a-f-]{36}\/pgdata$/);
    expect(statSync(join(pgdata, 'PG_VERSION')).isFile()).toBe(true);
  });
});
