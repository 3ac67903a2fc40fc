import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runMigrations } from '../../libs/platform/src/persistence/migrate';
import { MIGRATIONS } from '../../migrations';
import { onCleanup } from './cleanup';

/** The PostgreSQL server the benches use: `BENCH_DATABASE_URL`, or the local one on 127.0.0.1:5432. */
export const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(database: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`The benches need PostgreSQL at ${SERVER_URL} (set BENCH_DATABASE_URL for another): ${(error as Error).message}`);
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A database of the bench's own, with every migration applied; dropped when the bench ends. */
export async function freshDatabase(label: string): Promise<{ name: string; url: string }> {
  const name = `missive_bench_${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
  onCleanup(`drop database ${name}`, () => withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)));
  const url = databaseUrl(name);
  await runMigrations(url, MIGRATIONS);
  return { name, url };
}

/** A connection with the session settings Missive's own pools use (jit=off), so plans compare like for like. */
export async function connect(url: string, applicationName = 'missive-bench'): Promise<Client> {
  const client = new Client({ connectionString: url, application_name: applicationName, options: '-c jit=off' });
  await client.connect();
  return client;
}

/** VACUUM ANALYZE the tables just filled and CHECKPOINT, so every timed run starts from the same state. */
export async function settle(client: Client, tables: string[]): Promise<void> {
  for (const table of tables) await client.query(`VACUUM ANALYZE ${table}`);
  await client.query('CHECKPOINT');
}

export async function serverVersion(client: Client): Promise<string> {
  const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
  return rows[0].server_version;
}
