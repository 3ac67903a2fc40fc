import { TestingModule } from '@nestjs/testing';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { MessageRunner, RunOutcome } from '@app/platform';
import { PROCESS_IMPORT_BATCH } from '../contracts/process-import-batch.command';
import { STAGE_IMPORT } from '../contracts/stage-import.command';
import { ProcessImportBatchConsumer, PROCESS_IMPORT_BATCH_QUEUE } from '../interface/amqp/process-import-batch.consumer';
import { StageImportConsumer, STAGE_IMPORT_QUEUE } from '../interface/amqp/stage-import.consumer';

export interface CommandRow {
  id: string;
  type: string;
  payload: Record<string, unknown>;
}

/**
 * A dispatcher for an import's commands in a test: takes its pending outbox commands one by one, in id order, runs
 * each through the inbox as the dispatcher would, and marks it published when done.
 */
export function importRuns(moduleRef: TestingModule) {
  const txHost = moduleRef.get<TransactionHost<TransactionalAdapterTypeOrm>>(TransactionHost);
  const runner = moduleRef.get(MessageRunner);
  const stage = moduleRef.get(StageImportConsumer);
  const process = moduleRef.get(ProcessImportBatchConsumer);
  const sql = <T>(query: string, params: unknown[] = []): Promise<T[]> => txHost.tx.query(query, params);

  const pending = (importId: string) =>
    sql<CommandRow>(
      `SELECT id, type, payload FROM platform.outbox WHERE aggregate_id = $1 AND kind = 'command' AND published_at IS NULL AND dead_at IS NULL ORDER BY id`,
      [importId],
    );

  /** Runs one command as delivered under this message id (its outbox id unless told otherwise). */
  const deliver = (row: CommandRow, messageId = row.id): Promise<RunOutcome> => {
    const queue = row.type === STAGE_IMPORT ? STAGE_IMPORT_QUEUE : PROCESS_IMPORT_BATCH_QUEUE;
    if (row.type !== STAGE_IMPORT && row.type !== PROCESS_IMPORT_BATCH) throw new Error(`not an importing command: ${row.type}`);
    const delivery = { messageId, type: row.type, consumer: queue, payload: row.payload, correlationId: null, attempt: 1 };
    return runner.run(delivery, (payload) => (row.type === STAGE_IMPORT ? stage.stage(payload as never) : process.process(payload as never)));
  };

  /** Runs the next pending command; null when there is none. */
  const step = async (importId: string): Promise<{ row: CommandRow; outcome: RunOutcome } | null> => {
    const [row] = await pending(importId);
    if (!row) return null;
    const outcome = await deliver(row);
    if (outcome.kind === 'done' || outcome.kind === 'duplicate' || outcome.kind === 'final') {
      await sql(`UPDATE platform.outbox SET published_at = now() WHERE id = $1`, [row.id]);
    }
    return { row, outcome };
  };

  /** Runs the import's commands until none is left; throws on the first that fails. */
  const drain = async (importId: string): Promise<number> => {
    let runs = 0;
    for (let next = await step(importId); next; next = await step(importId)) {
      runs += 1;
      if (next.outcome.kind === 'retryable' || next.outcome.kind === 'final') throw new Error(`${next.row.type} failed: ${next.outcome.error}`);
    }
    return runs;
  };

  return { sql, pending, deliver, step, drain };
}
