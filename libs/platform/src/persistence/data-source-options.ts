import { DataSourceOptions, EntitySchema, MixedList } from 'typeorm';

/** Session settings for every Missive connection. */
export const POSTGRES_SESSION_OPTIONS = '-c jit=off';

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
    // why: Missive's queries are short OLTP statements; PostgreSQL's JIT spent ~150 ms compiling a 5 ms claim on a large outbox.
    extra: { max: poolSize, application_name: 'missive', options: POSTGRES_SESSION_OPTIONS },
  };
}
