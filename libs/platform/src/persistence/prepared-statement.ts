import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { EntityManager, QueryFailedError } from 'typeorm';

/** A statement PostgreSQL parses and plans once per connection (a named prepared statement), not on every call. */
export interface PreparedStatement {
  /** Unique per text: a connection that prepared this name runs it without sending the text again. */
  readonly name: string;
  readonly text: string;
}

/**
 * Runs a prepared statement where `manager.query` would: on the connection of the manager's transaction — the
 * TransactionHost's `tx` inside `@Transactional()` — or, outside one, on a connection borrowed from the pool for it.
 */
export async function runPrepared<T extends QueryResultRow>(manager: EntityManager, { name, text }: PreparedStatement, values: unknown[]): Promise<T[]> {
  // why: straight to the pg client: TypeORM's `query` takes no statement name, and its logging and subscriber
  // broadcast cost more CPU than this statement's own work.
  const target: Pool | PoolClient = manager.queryRunner
    ? ((await manager.queryRunner.connect()) as PoolClient)
    : (manager.connection.driver as unknown as { master: Pool }).master;
  try {
    return (await target.query<T>({ name, text, values })).rows;
  } catch (error) {
    throw new QueryFailedError(text, values, error as Error);
  }
}
