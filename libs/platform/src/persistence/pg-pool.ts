import { Logger } from '@nestjs/common';
import { Pool, PoolConfig } from 'pg';

const logger = new Logger('PostgreSQL');

/**
 * A `pg` pool that survives its connections dying (a database restart, a failover, `pg_terminate_backend`): `pg` emits
 * an `error` event on the pool for an idle client and on the client itself for one checked out between queries, and
 * an `error` event nobody listens to ends the process. The failed client is dropped; the next query opens a new one.
 */
export function resilientPool(config: PoolConfig): Pool {
  const pool = new Pool(config);
  const name = config.application_name ?? 'pool';
  pool.on('error', (error) => logger.warn(`${name}: an idle connection failed (${error.message}); it is replaced on next use`));
  pool.on('connect', (client) => client.on('error', (error) => logger.warn(`${name}: a connection in use failed (${error.message})`)));
  return pool;
}
