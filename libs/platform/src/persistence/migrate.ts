import { DataSource } from 'typeorm';
import { DatabaseParts, dataSourceOptions } from './data-source-options';

/** Applies every pending migration, each in its own transaction; returns the names applied. */
export async function runMigrations(databaseUrl: string, migrations: NonNullable<DatabaseParts['migrations']>): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(databaseUrl, 2, { migrations }));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
