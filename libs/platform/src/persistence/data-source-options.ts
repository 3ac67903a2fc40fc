import { DataSourceOptions, EntitySchema, MixedList } from 'typeorm';

export interface DatabaseParts {
  /** ORM entities of every context the process hosts. */
  entities?: MixedList<Function | string | EntitySchema>;
  /** Migration classes, in order (see `migrations/index.ts`). */
  migrations?: MixedList<Function | string>;
}

/** The one place where Missive's PostgreSQL connection is described, for the apps and the CLI alike. */
export function dataSourceOptions(databaseUrl: string, poolSize: number, parts: DatabaseParts = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: parts.entities ?? [],
    migrations: parts.migrations ?? [],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { max: poolSize, application_name: 'missive' },
  };
}
