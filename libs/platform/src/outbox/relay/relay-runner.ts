import { PlatformSettings } from '../../config/platform.settings';
import { POSTGRES_SESSION_OPTIONS } from '../../persistence/data-source-options';
import { resilientPool } from '../../persistence/pg-pool';
import { OutboxRelay } from './outbox-relay';
import { OutboxStore } from './outbox-store';
import { DispatchResult, OutboxDispatch } from './outbox-row';

/** An outbox relay on its own small connection pool, with the operator's settings. */
export function createRelay(config: PlatformSettings, dispatch: OutboxDispatch, onBatch?: (results: (DispatchResult & { type: string })[], ms: number) => void) {
  // why: the relay's commits only mark rows published or due again. A mark lost in a database crash (asynchronous commit
  // loses at most the last few hundred milliseconds) publishes those rows once more, which the inbox absorbs; no outbox row
  // can be lost, since the relay never writes one. So its commits do not wait for the WAL flush, and a batch is freed sooner.
  const pool = resilientPool({ connectionString: config.databaseUrl, max: 3, application_name: 'missive-relay', options: `${POSTGRES_SESSION_OPTIONS} -c synchronous_commit=off` });
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
