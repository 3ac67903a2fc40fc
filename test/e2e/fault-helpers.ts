import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { uuidV7 } from '@app/shared-kernel';
import { runApp, Running, waitForOk, within } from '../process';

const execFileAsync = promisify(execFile);

export function rabbitmqctl(...args: string[]): Promise<string> {
  return execFileAsync('rabbitmqctl', ['--quiet', ...args], { timeout: 30_000 }).then(({ stdout }) => stdout);
}

const VHOST_PREFIX = 'missive-faults-';

/**
 * A virtual host of its own on the shared broker: fresh queues, and a connection drop that reaches
 * only this test's processes (`close_all_connections -p`), never another run's.
 */
export async function privateVhost(brokerUrl: string) {
  const stale = (await rabbitmqctl('list_vhosts', 'name')).split('\n').filter((name) => name.startsWith(VHOST_PREFIX));
  for (const name of stale) {
    const age = Date.now() - parseInt(name.slice(VHOST_PREFIX.length).split('-')[0], 36);
    if (age > 3_600_000) await rabbitmqctl('delete_vhost', name).catch(() => undefined);
  }
  const name = `${VHOST_PREFIX}${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const url = new URL(brokerUrl);
  await rabbitmqctl('add_vhost', name);
  await rabbitmqctl('set_permissions', '-p', name, decodeURIComponent(url.username) || 'guest', '.*', '.*', '.*');
  url.pathname = `/${encodeURIComponent(name)}`;
  return {
    name,
    url: url.toString(),
    dropConnections: (why: string) => rabbitmqctl('close_all_connections', '-p', name, why),
    delete: () => rabbitmqctl('delete_vhost', name).then(() => undefined),
  };
}

/** A built app that the test kills and restarts; it remembers every run's output and any exit it did not cause. */
export class Worker {
  kills = 0;
  readonly crashes: string[] = [];
  private closed = false;
  private current: Running | null = null;
  private readonly outputs: string[] = [];

  constructor(
    readonly app: string,
    private readonly env: Record<string, string>,
    readonly opsPort: number,
  ) {}

  get alive(): boolean {
    return this.current !== null && this.current.child.exitCode === null && this.current.child.signalCode === null;
  }

  async start(): Promise<void> {
    if (this.closed) throw new Error(`${this.app} is already stopped for good`);
    const running = runApp(this.app, [], { ...this.env, OPS_PORT: String(this.opsPort) });
    this.current = running;
    void running.exited.then(({ code, signal }) => {
      if (this.current === running) this.crashes.push(`${this.app} exited by itself (code ${code}, signal ${signal}):\n${running.output().slice(-3_000)}`);
    });
    // why: /health/live, not /ready: the app listens only once its consumers are connected, and while a restarted
    // dispatcher works its backlog, the readiness ping queues behind the handlers for a pooled connection and times out.
    await waitForOk(`http://127.0.0.1:${this.opsPort}/health/live`, running, 30_000);
  }

  /** `kill -9`: no drain, no goodbye. */
  async kill9(): Promise<void> {
    const running = this.detach();
    running.child.kill('SIGKILL');
    await within(running.exited, 10_000, `${this.app} SIGKILL`);
    this.kills += 1;
  }

  /** For good: a fault sequence still running after a failure cannot start it again. */
  async stop(): Promise<void> {
    this.closed = true;
    if (!this.current) return;
    const running = this.detach();
    if (running.child.exitCode !== null || running.child.signalCode !== null) return;
    running.child.kill('SIGTERM');
    await within(running.exited, 15_000, `${this.app} stop`).catch(async () => {
      running.child.kill('SIGKILL');
      await running.exited;
    });
  }

  /** The last lines of every run, for a failure message. */
  tail(chars = 2_000): string {
    return `--- ${this.app}:\n${[...this.outputs, this.current?.output() ?? ''].join('\n').slice(-chars)}`;
  }

  private detach(): Running {
    const running = this.current!;
    this.current = null;
    void running.exited.then(() => this.outputs.push(running.output()));
    return running;
  }
}

export { until } from '../process';

/** Queued messages of one owner, written as the API would write them (row, first history entry, send command in the outbox), in three statements. */
export async function seedMessages(db: Pool, ownerId: string, count: number, to: (n: number) => string = (n) => `+1555${String(n).padStart(7, '0')}`): Promise<string[]> {
  const ids = Array.from({ length: count }, () => uuidV7());
  const outboxIds = ids.map(() => uuidV7());
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO messaging.messages (id, owner_id, messenger, "to", text, status, attempts, created_at)
       SELECT id, $2, 'sandbox', "to", 'fault test #' || n, 'queued', 0, now()
         FROM unnest($1::uuid[], $3::text[]) WITH ORDINALITY AS t(id, "to", n)`,
      [ids, ownerId, ids.map((_, n) => to(n))],
    );
    await client.query(
      `INSERT INTO messaging.message_events (owner_id, message_id, seq, status, at) SELECT $2, id, 0, 'queued', now() FROM unnest($1::uuid[]) AS t(id)`,
      [ids, ownerId],
    );
    await insertSendCommands(client, ids, outboxIds);
    await client.query('COMMIT');
    // why: the test server runs without autovacuum, and the relay's claim query, planned without statistics on a
    // never-analyzed outbox, becomes a quadratic anti-join (about 44 s per claim over 10,000 rows on 2 cores).
    await client.query('ANALYZE platform.outbox, messaging.messages, messaging.message_events');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  return ids;
}

/** `messaging.send-message` rows in the outbox, one per message id (which need not exist), and the relay woken. */
export async function insertSendCommands(db: Pick<Pool, 'query'>, messageIds: string[], outboxIds = messageIds.map(() => uuidV7())): Promise<void> {
  await db.query(
    `INSERT INTO platform.outbox (id, type, kind, routing_key, payload, aggregate_type, aggregate_id)
     SELECT o, 'messaging.send-message', 'command', 'messaging.send-message', jsonb_build_object('message_id', m, 'schema_version', 1), 'message', m
       FROM unnest($1::uuid[], $2::uuid[]) AS t(o, m)`,
    [outboxIds, messageIds],
  );
  await db.query(`SELECT pg_notify('missive_outbox', '')`);
}

export async function seedUser(db: Pool): Promise<string> {
  const id = uuidV7();
  await db.query(`INSERT INTO users.users (id, email, password_hash) VALUES ($1, $2, 'not-a-hash')`, [id, `faults-${id}@example.com`]);
  return id;
}
