import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { freePort, runApp, Running, until, waitForOk, within } from '../process';
import { TcpProxy } from '../tcp-proxy';
import { isolatedDatabase } from '../test-database';
import { privateVhost } from './fault-helpers';

const JWT_SECRET = 'outage-test-secret-at-least-32-characters';

/** Where a crashed app's output says why, not the object dump after it. */
function crashOf(output: string): string {
  const at = Math.max(0, output.search(/Unhandled|uncaught|Error:/i));
  return output.slice(Math.max(0, at - 300), at + 1_500);
}

interface Post {
  status: number;
  retryAfter: string | null;
  id?: string;
}

/**
 * PostgreSQL going away under load, as a restart or a failover does: every connection of every app cut at once, then
 * the server unreachable for a few seconds. The apps ride it out by themselves: nothing crashes, the gateway answers
 * 503 with Retry-After (never 500) while it cannot reach the database, readiness says so, and once the database is
 * back every accepted message is sent, each once.
 */
const MODES = {
  broker: [['outbox-relay'], ['dispatcher'], ['api-gateway']],
  direct: [['dispatcher', '--direct'], ['api-gateway']],
} as const;

describe.each(Object.keys(MODES) as (keyof typeof MODES)[])('a database outage under load, %s mode', (mode) => {
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;
  let vhost: Awaited<ReturnType<typeof privateVhost>>;
  let proxy: TcpProxy;
  let db: Pool;
  const apps: Record<string, { running: Running; opsPort: number }> = {};
  let apiPort = 0;
  const dataDir = mkdtempSync(join(tmpdir(), 'missive-outage-'));

  beforeAll(async () => {
    database = await isolatedDatabase();
    vhost = await privateVhost(process.env.TEST_AMQP_URL!);
    db = new Pool({ connectionString: database.url, max: 2 });
    const direct = new URL(database.url);
    proxy = await new TcpProxy(direct.hostname, Number(direct.port || 5432)).start();
    direct.host = `127.0.0.1:${proxy.port}`;
    apiPort = await freePort();
    const env = {
      DATABASE_URL: direct.toString(),
      JWT_SECRET,
      ...(mode === 'broker' ? { AMQP_URL: vhost.url } : { OUTBOX_DISPATCH: 'direct' }),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      OUTBOX_POLL_INTERVAL: '200ms',
      RETRY_SCHEDULE: '200ms,500ms,1s,2s,5s,10s',
      // why: a send whose outcome could not be written while the database was away stays `sending` until the sweep
      // settles it by its messenger's policy (the sandbox resends; it delivers a message id once).
      SENDING_TIMEOUT: '5s',
      PORT: String(apiPort),
      AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    };
    for (const [app, ...args] of MODES[mode]) {
      const opsPort = await freePort();
      const running = runApp(app, args, { ...env, OPS_PORT: String(opsPort) });
      apps[app] = { running, opsPort };
      if (app !== 'api-gateway') await waitForOk(`http://127.0.0.1:${opsPort}/health/live`, running);
    }
    await waitForOk(`http://127.0.0.1:${apiPort}/health/ready`, apps['api-gateway'].running);
  }, 90_000);

  afterAll(async () => {
    for (const { running } of Object.values(apps)) {
      running.child.kill('SIGTERM');
      await within(running.exited, 15_000, 'stop').catch(() => running.child.kill('SIGKILL'));
    }
    await proxy?.stop();
    await db?.end();
    await vhost?.delete();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const api = (path: string, init: RequestInit = {}) => fetch(`http://127.0.0.1:${apiPort}${path}`, { ...init, signal: AbortSignal.timeout(15_000) });

  async function token(): Promise<string> {
    const email = `outage-${Date.now()}@example.com`;
    const json = { 'content-type': 'application/json' };
    expect((await api('/v1/users', { method: 'POST', headers: json, body: JSON.stringify({ email, password: 'correct-Horse-battery-9' }) })).status).toBe(201);
    const login = await api('/v1/users/auth/login', { method: 'POST', headers: json, body: JSON.stringify({ email, password: 'correct-Horse-battery-9' }) });
    return ((await login.json()) as { access_token: string }).access_token;
  }

  it('rides out every connection cut and the database unreachable for 4 s: no crash, no 500, every message sent once', async () => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${await token()}` };
    const posts: Post[] = [];
    const post = async (n: number) => {
      const reply = await api('/v1/messaging/message', { method: 'POST', headers, body: JSON.stringify({ messenger: 'sandbox', to: `+1555${String(n).padStart(7, '0')}`, text: `outage #${n}` }) });
      const body = (await reply.json()) as { id?: string };
      posts.push({ status: reply.status, retryAfter: reply.headers.get('retry-after'), id: body.id });
    };
    const readiness: number[] = [];
    let n = 0;
    const load = (async () => {
      for (const end = Date.now() + 12_000; Date.now() < end; n += 1) {
        await Promise.all([post(n * 2), post(n * 2 + 1)]);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    proxy.down();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    readiness.push((await api('/health/ready')).status);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    proxy.up();
    await load;

    const died = Object.entries(apps).filter(([, { running }]) => running.child.exitCode !== null || running.child.signalCode !== null);
    expect(died.map(([name, { running }]) => `${name}: ${crashOf(running.output())}`)).toEqual([]);
    const statuses = [...new Set(posts.map((p) => p.status))].sort();
    expect(statuses.filter((status) => status !== 201 && status !== 503)).toEqual([]);
    expect(posts.filter((p) => p.status === 503).length).toBeGreaterThan(0);
    expect(posts.filter((p) => p.status === 503 && !p.retryAfter)).toEqual([]);
    expect(readiness).toEqual([503]);
    const accepted = posts.filter((p) => p.status === 201).map((p) => p.id!);
    expect(accepted.length).toBeGreaterThan(100);

    const unsent = async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM messaging.messages WHERE id = ANY($1::uuid[]) AND status <> 'sent'`, [accepted])).rows[0].n;
    await until(async () => (await unsent()) === 0, 'every accepted message sent after the outage', 60_000, () => Object.values(apps).map(({ running }) => running.output().slice(-1_500)).join('\n---\n'), 200);
    const deliveries = await db.query<{ n: number; distinct: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT message_id)::int AS distinct FROM messaging.sandbox_deliveries WHERE message_id = ANY($1::uuid[])`,
      [accepted],
    );
    expect(deliveries.rows[0]).toEqual({ n: accepted.length, distinct: accepted.length });
    expect((await api('/health/ready')).status).toBe(200);
  }, 120_000);
});
