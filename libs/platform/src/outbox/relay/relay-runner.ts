import { Pool } from 'pg';
import { AppConfig } from '../../config/app-config';
import { POSTGRES_SESSION_OPTIONS } from '../../persistence/data-source-options';
import { OutboxRelay } from './outbox-relay';
import { OutboxStore } from './outbox-store';
import { DispatchResult, OutboxDispatch } from './outbox-row';

/** An outbox relay on its own small connection pool, with the operator's settings. */
export function createRelay(config: AppConfig, dispatch: OutboxDispatch, onBatch?: (results: (DispatchResult & { type: string })[], ms: number) => void) {
  const pool = new Pool({ connectionString: config.databaseUrl, max: 3, application_name: 'missive-relay', options: POSTGRES_SESSION_OPTIONS });
  const store = new OutboxStore(pool);
  const relay = new OutboxRelay(
    store,
    dispatch,
    { batchSize: config.outboxBatchSize, pollIntervalMs: config.outboxPollIntervalMs, retentionMs: config.outboxRetentionMs, databaseUrl: config.databaseUrl },
    onBatch,
  );
  return {
    relay,
    store,
    async close() {
      await relay.stop();
      await pool.end();
    },
  };
}
