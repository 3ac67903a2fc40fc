import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runMigrations } from '../libs/platform/src/persistence/migrate';
import { MIGRATIONS } from '../migrations';

/** The server the tests use: `TEST_DATABASE_URL`, or the local PostgreSQL on 127.0.0.1:5432. */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_SERVER_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`The tests need PostgreSQL at ${TEST_SERVER_URL} (set TEST_DATABASE_URL to use another): ${(error as Error).message}`);
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function freshDatabaseName(): string {
  return `missive_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/**
 * A database of its own, migrated, for a test that runs a relay: a relay drains every due row of its
 * database, so it must not share one with tests that leave rows for their own relay.
 */
export async function isolatedDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = freshDatabaseName();
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = databaseUrl(TEST_SERVER_URL, name);
  await runMigrations(url, MIGRATIONS);
  return { url, drop: () => withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined) };
}
