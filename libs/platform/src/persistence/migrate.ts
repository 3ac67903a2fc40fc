import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DatabaseParts, dataSourceOptions } from './data-source-options';

/**
 * The PostgreSQL advisory lock key that serialises migration runs on one database
 * (the bytes of "missive\0": any constant works, as long as every runner uses the same one).
 */
export const MIGRATION_LOCK_KEY = '7883959562216563968';

/**
 * Applies every pending migration, each in its own transaction; returns the names applied.
 * why: TypeORM takes no lock, and on Kubernetes every new pod's init container runs this at once; a session-level
 * advisory lock makes the runs take turns, so the first applies the migrations and the others find none pending.
 * The lock lives on a connection of its own and goes with it, even when the process is killed.
 */
export async function runMigrations(databaseUrl: string, migrations: NonNullable<DatabaseParts['migrations']>): Promise<string[]> {
  const lock = new Client({ connectionString: databaseUrl, application_name: 'missive-migrations-lock' });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    const dataSource = new DataSource(dataSourceOptions(databaseUrl, 2, { migrations }));
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.end();
  }
}
