import { PlatformSettings } from '../../config/platform.settings';
import { Pool } from 'pg';
import { uuidV7 } from '@app/shared-kernel';
import { testConfig } from '../../../../../test/test-config';
import { isolatedDatabase } from '../../../../../test/test-database';
import { OutboxRelay, RELAY_BATCHES_IN_FLIGHT } from './outbox-relay';
import { OutboxStore } from './outbox-store';
import { DispatchResult, OutboxDispatch, OutboxRow } from './outbox-row';

class RecordingDispatch extends OutboxDispatch {
  readonly seen: OutboxRow[] = [];
  failing = false;

  async dispatch(rows: OutboxRow[]): Promise<DispatchResult[]> {
    if (this.failing) throw new Error('broker down');
    this.seen.push(...rows);
    return rows.map(({ id }) => ({ id, outcome: 'published' }));
  }
}

describe('OutboxStore and OutboxRelay against PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;
  let pool: Pool;
  let store: OutboxStore;

  const insert = (count: number, extra = '') =>
    pool.query(
      `INSERT INTO platform.outbox (id, type, kind, routing_key, payload, aggregate_type, aggregate_id${extra ? ', published_at' : ''})
       SELECT id, 't', 'command', 't', '{}', 'a', id::text${extra ? `, ${extra}` : ''} FROM unnest($1::uuid[]) AS id`,
      [Array.from({ length: count }, () => uuidV7())],
    );
  const pending = async () => (await store.backlog()).pending;
  const expectWokenByNotify = async (dispatch: RecordingDispatch) => {
    const started = Date.now();
    await insert(1);
    await pool.query(`SELECT pg_notify('missive_outbox', '')`);
    while (dispatch.seen.length === 0 && Date.now() - started < 5_000) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(dispatch.seen).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(2_000);
  };

  beforeAll(async () => {
    database = await isolatedDatabase();
    pool = new Pool({ connectionString: database.url, max: 4 });
    store = new OutboxStore(pool);
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  beforeEach(() => pool.query('TRUNCATE platform.outbox, platform.inbox'));

  it('deletes published rows and processed inbox rows past the retention, and nothing younger or pending', async () => {
    await insert(12, `now() - interval '8 days'`);
    await insert(3, `now() - interval '1 hour'`);
    await insert(2);
    await pool.query(`INSERT INTO platform.inbox (message_id, consumer, processed_at) VALUES ($1, 'q', now() - interval '8 days'), ($2, 'q', now())`, [uuidV7(), uuidV7()]);
    const deleted = await store.cleanUp(7 * 86_400_000, 5);
    expect(deleted).toBe(13);
    const { rows } = await pool.query(`SELECT count(*)::int AS n, count(published_at)::int AS published FROM platform.outbox`);
    expect(rows[0]).toEqual({ n: 5, published: 3 });
    expect(await pending()).toBe(2);
  });

  it('keeps a batch whose dispatch failed, whole, for the next try', async () => {
    await insert(10);
    const dispatch = new RecordingDispatch();
    const relay = new OutboxRelay(store, dispatch, { batchSize: 100, pollIntervalMs: 60_000, retentionMs: 86_400_000, databaseUrl: database.url });
    dispatch.failing = true;
    await expect(relay.drainBatch()).rejects.toThrow('broker down');
    expect(await pending()).toBe(10);
    dispatch.failing = false;
    expect(await relay.drainAll()).toBe(10);
    expect(await pending()).toBe(0);
  });

  it('overlaps batches while keeping the order of each aggregate', async () => {
    const ids = Array.from({ length: 400 }, () => uuidV7());
    await pool.query(
      `INSERT INTO platform.outbox (id, type, kind, routing_key, payload, aggregate_type, aggregate_id)
       SELECT id, 't', 'command', 't', '{}', 'a', 'agg-' || (n % 8) FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, n)`,
      [ids],
    );
    const order = new Map<string, string[]>();
    let inFlight = 0;
    let mostInFlight = 0;
    const dispatch = new (class extends RecordingDispatch {
      override async dispatch(rows: OutboxRow[]): Promise<DispatchResult[]> {
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 30));
        for (const row of rows) order.set(row.aggregate_id, [...(order.get(row.aggregate_id) ?? []), row.id]);
        inFlight--;
        return super.dispatch(rows);
      }
    })();
    const relay = new OutboxRelay(store, dispatch, { batchSize: 3, pollIntervalMs: 20, retentionMs: 86_400_000, databaseUrl: database.url });
    relay.start();
    try {
      for (const deadline = Date.now() + 20_000; dispatch.seen.length < 400 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      await relay.stop();
    }
    expect(dispatch.seen).toHaveLength(400);
    expect(mostInFlight).toBe(RELAY_BATCHES_IN_FLIGHT);
    for (const [aggregate, seen] of order) expect({ aggregate, seen }).toEqual({ aggregate, seen: [...seen].sort() });
  });

  it('listens again when its LISTEN connection is terminated, and is still woken by NOTIFY', async () => {
    const dispatch = new RecordingDispatch();
    const relay = new OutboxRelay(store, dispatch, { batchSize: 100, pollIntervalMs: 60_000, retentionMs: 86_400_000, databaseUrl: database.url });
    const listener = async () =>
      (
        await pool.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE application_name = 'missive-relay-listen' AND datname = current_database() AND query ILIKE 'LISTEN%'`,
        )
      ).rows[0]?.pid;
    const listening = async (other?: number) => {
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 20))) {
        const pid = await listener();
        if (pid !== undefined && pid !== other) return pid;
      }
      throw new Error('the relay is not listening');
    };
    relay.start();
    try {
      const first = await listening();
      await pool.query('SELECT pg_terminate_backend($1)', [first]);
      await listening(first);
      await expectWokenByNotify(dispatch);
    } finally {
      await relay.stop();
    }
  }, 30_000);

  it('stops at once when stopped while busy, and leaves no LISTEN connection behind', async () => {
    const relay = new OutboxRelay(store, new RecordingDispatch(), { batchSize: 100, pollIntervalMs: 60_000, retentionMs: 86_400_000, databaseUrl: database.url });
    relay.start();
    await relay.stop();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const { rows } = await pool.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'missive-relay-listen' AND datname = current_database()`);
    expect(rows).toHaveLength(0);
  });

  it('is woken by NOTIFY instead of waiting for its poll interval', async () => {
    const dispatch = new RecordingDispatch();
    const config = testConfig({ DATABASE_URL: database.url });
    const relay = new OutboxRelay(store, dispatch, { batchSize: 100, pollIntervalMs: 60_000, retentionMs: config.get(PlatformSettings).outboxRetentionMs, databaseUrl: database.url });
    relay.start();
    try {
      const listening = () =>
        pool.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'missive-relay-listen' AND datname = current_database() AND query ILIKE 'LISTEN%'`);
      for (const deadline = Date.now() + 10_000; (await listening()).rowCount === 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
      await expectWokenByNotify(dispatch);
    } finally {
      await relay.stop();
    }
  }, 20_000);

  it('holds a row written to be due later until then: not claimed, not in the backlog, claimed by the poll once due', async () => {
    const dispatch = new RecordingDispatch();
    const id = uuidV7();
    const [{ available_at: dueAt }] = (
      await pool.query<{ available_at: Date }>(
        `INSERT INTO platform.outbox (id, type, kind, routing_key, payload, aggregate_type, aggregate_id, available_at)
         VALUES ($1::uuid, 't', 'command', 't', '{}', 'a', $1::text, now() + interval '1500 milliseconds') RETURNING available_at`,
        [id],
      )
    ).rows;
    const relay = new OutboxRelay(store, dispatch, { batchSize: 100, pollIntervalMs: 200, retentionMs: 86_400_000, databaseUrl: database.url });
    relay.start();
    try {
      expect(await relay.drainBatch()).toBe(0);
      expect(await store.backlog()).toEqual({ pending: 0, oldestAgeSeconds: 0 });
      while (dispatch.seen.length === 0 && Date.now() - dueAt.getTime() < 3_000) await new Promise((resolve) => setTimeout(resolve, 10));
      const seenAt = Date.now();
      expect(dispatch.seen.map((row) => row.id)).toEqual([id]);
      expect(seenAt).toBeGreaterThanOrEqual(dueAt.getTime());
      expect(seenAt - dueAt.getTime()).toBeLessThan(1_000);
    } finally {
      await relay.stop();
    }
  }, 20_000);
});
