import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, runApp, Running, waitForOk, warnings, within } from '../../../test/process';

const PASSWORD = 'correct-Horse-battery-9';

/** `npm start` as a newcomer runs it: no DATABASE_URL, an empty DATA_DIR, embedded PostgreSQL. */
describe('all-in-one process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'missive-all-in-one-'));
  // why: keeps the database inside DATA_DIR even as root, where postgresOf looks for its server (root-data-dir.e2e-spec.ts covers a 0700 one).
  chmodSync(dataDir, 0o755);
  let port: number;
  let opsPort: number;
  let running: Running | undefined;

  const start = async () => {
    running = runApp('all-in-one', [], { DATA_DIR: dataDir, PORT: String(port), OPS_PORT: String(opsPort), LOG_LEVEL: 'warn' });
    await waitForOk(`http://127.0.0.1:${port}/health/ready`, running, 60_000);
    return running;
  };
  const post = (path: string, body: unknown) =>
    fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const postgresOf = () => execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((line) => line.includes(join(dataDir, 'postgres')));

  beforeAll(async () => {
    port = await freePort();
    opsPort = await freePort();
  });

  afterAll(() => {
    running?.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('boots embedded PostgreSQL on an empty DATA_DIR, migrates, and serves the API and /docs', async () => {
    const app = await start();
    expect(warnings(app.output())).toEqual([]);
    expect(app.output()).toContain(`http://localhost:${port}/docs`);
    expect((await fetch(`http://127.0.0.1:${port}/docs`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
    expect(await (await fetch(`http://127.0.0.1:${opsPort}/metrics`)).text()).toContain('missive_http_requests_total');
    expect((await post('/v1/users', { email: 'first@example.com', password: PASSWORD })).status).toBe(201);
    expect(postgresOf()).toHaveLength(1);
  }, 90_000);

  it('sends a message through the sandbox in direct mode, with no broker', async () => {
    const login = await (await post('/v1/users/auth/login', { email: 'first@example.com', password: PASSWORD })).json();
    const auth = { authorization: `Bearer ${login.access_token}` };
    const created = await fetch(`http://127.0.0.1:${port}/v1/messaging/message`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ messenger: 'sandbox', to: '+15550100', text: 'hello from npm start' }),
    }).then((response) => response.json());
    let status = created.status;
    for (const deadline = Date.now() + 20_000; status !== 'sent' && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await fetch(`http://127.0.0.1:${port}/v1/messaging/messages/${created.id}`, { headers: auth }).then((r) => r.json())).status;
    }
    expect(status).toBe('sent');
  }, 30_000);

  it('keeps an upload under DATA_DIR/files, and removes its bytes in the background once it is deleted', async () => {
    const login = await (await post('/v1/users/auth/login', { email: 'first@example.com', password: PASSWORD })).json();
    const auth = { authorization: `Bearer ${login.access_token}` };
    const me = await fetch(`http://127.0.0.1:${port}/v1/users/auth/current_user`, { headers: auth }).then((response) => response.json());
    const form = new FormData();
    form.append('file', new Blob(['phone,name\n+15550100,Ada\n']), 'list.csv');
    const file = await fetch(`http://127.0.0.1:${port}/v1/files/upload`, { method: 'POST', headers: auth, body: form }).then((response) => response.json());
    const bytes = join(dataDir, 'files', me.id, file.id);

    expect(readFileSync(bytes, 'utf8')).toBe('phone,name\n+15550100,Ada\n');
    expect((await fetch(`http://127.0.0.1:${port}/v1/files/${file.id}`, { method: 'DELETE', headers: auth })).status).toBe(204);
    for (const deadline = Date.now() + 20_000; existsSync(bytes) && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(existsSync(bytes)).toBe(false);
  }, 30_000);

  it('stops cleanly on Ctrl-C, the embedded database included', async () => {
    running!.child.kill('SIGINT');
    const { code } = await within(running!.exited, 30_000, 'stopping on SIGINT');
    expect(code).toBe(0);
    expect(postgresOf()).toEqual([]);
  }, 40_000);

  it('keeps the data and the signing secret across a restart', async () => {
    await start();
    const login = await post('/v1/users/auth/login', { email: 'first@example.com', password: PASSWORD });
    expect(login.status).toBe(200);
    running!.child.kill('SIGTERM');
    expect((await within(running!.exited, 30_000, 'stopping on SIGTERM')).code).toBe(0);
  }, 90_000);

  it('refuses a second process on the same DATA_DIR while the first runs', async () => {
    const first = await start();
    const second = runApp('all-in-one', [], { DATA_DIR: dataDir, PORT: String(await freePort()), OPS_PORT: '0', LOG_LEVEL: 'warn' });
    const { code } = await within(second.exited, 30_000, 'second start');
    expect(code).toBe(1);
    expect(second.output()).toMatch(/already running/);
    expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
    first.child.kill('SIGINT');
    await first.exited;
  }, 90_000);
});
