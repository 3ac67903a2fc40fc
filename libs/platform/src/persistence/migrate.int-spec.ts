import { Client } from 'pg';
import { MIGRATIONS } from '../../../../migrations';
import { databaseUrl, freshDatabaseName, TEST_SERVER_URL, withAdmin } from '../../../../test/test-database';
import { MIGRATION_LOCK_KEY, runMigrations } from './migrate';

describe('runMigrations against PostgreSQL', () => {
  const created: string[] = [];

  async function emptyDatabase(): Promise<string> {
    const name = freshDatabaseName();
    await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
    created.push(name);
    return databaseUrl(TEST_SERVER_URL, name);
  }

  async function appliedNames(url: string): Promise<string[]> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const exists = await client.query(`SELECT to_regclass('public.migrations') IS NOT NULL AS present`);
      if (!exists.rows[0].present) return [];
      return (await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id')).rows.map((row) => row.name);
    } finally {
      await client.end();
    }
  }

  afterAll(async () => {
    await withAdmin(async (admin) => {
      for (const name of created) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    });
  });

  it('lets concurrent runs (one init container per new pod) take turns: each migration is applied once', async () => {
    const url = await emptyDatabase();
    const runs = await Promise.all(Array.from({ length: 4 }, () => runMigrations(url, MIGRATIONS)));
    const everyName = MIGRATIONS.map((migration) => migration.name);
    expect(runs.flat().sort()).toEqual([...everyName].sort());
    expect(runs.filter((applied) => applied.length > 0)).toHaveLength(1);
    expect(await appliedNames(url)).toEqual(everyName);
  }, 60_000);

  it('waits while another session holds the migration lock, then applies the migrations', async () => {
    const url = await emptyDatabase();
    const holder = new Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
      let finished = false;
      const run = runMigrations(url, MIGRATIONS).finally(() => (finished = true));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect({ finished, applied: await appliedNames(url) }).toEqual({ finished: false, applied: [] });
      await holder.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]);
      expect(await run).toHaveLength(MIGRATIONS.length);
    } finally {
      await holder.end();
    }
  }, 60_000);

  it('releases the lock when it is done, so the next run does not wait', async () => {
    const url = await emptyDatabase();
    await runMigrations(url, MIGRATIONS);
    const probe = new Client({ connectionString: url });
    await probe.connect();
    try {
      const { rows } = await probe.query('SELECT pg_try_advisory_lock($1::bigint) AS taken', [MIGRATION_LOCK_KEY]);
      expect(rows[0].taken).toBe(true);
    } finally {
      await probe.end();
    }
  }, 60_000);
});
