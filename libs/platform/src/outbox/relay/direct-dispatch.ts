import { retryAfterOf } from '@app/shared-kernel';
import { invokeHandler } from '../../amqp/consumer-bindings';
import { TARGET_QUEUE_HEADER } from '../../amqp/message-properties';
import { DeadLetters } from '../../inbox/dead-letters';
import { MessageRunner, RunOutcome } from '../../inbox/message-runner';
import { retryDelayMs } from '../../inbox/retry-delay';
import { Metrics } from '../../metrics/metrics';
import { DirectTransport } from './direct.transport';
import { DispatchResult, OutboxDispatch, OutboxRow } from './outbox-row';

const CONCURRENCY = 8;

/**
 * Direct mode: each claimed row goes to its consumers in this process, with the same inbox, retry and
 * dead-letter rules as the broker — the row itself carries the attempts, `available_at` and `dead_at`.
 * Rows of one aggregate run in order; different aggregates run side by side.
 */
export class DirectDispatch extends OutboxDispatch {
  constructor(
    private readonly transport: DirectTransport,
    private readonly runner: MessageRunner,
    private readonly deadLetters: DeadLetters,
    private readonly retryScheduleMs: readonly number[],
    private readonly metrics?: Metrics,
  ) {
    super();
  }

  async dispatch(rows: OutboxRow[]): Promise<DispatchResult[]> {
    await this.transport.listening;
    const byAggregate = new Map<string, OutboxRow[]>();
    for (const row of rows) byAggregate.set(row.aggregate_id, [...(byAggregate.get(row.aggregate_id) ?? []), row]);
    const queue = [...byAggregate.values()];
    const results: DispatchResult[] = [];
    const worker = async () => {
      for (let group = queue.shift(); group; group = queue.shift()) {
        for (const row of group) results.push(await this.deliver(row));
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
    return results;
  }

  private async deliver(row: OutboxRow): Promise<DispatchResult> {
    const attempt = row.attempts + 1;
    const failures: { queue: string; outcome: Extract<RunOutcome, { error: string }> }[] = [];
    const target = row.headers[TARGET_QUEUE_HEADER];
    const consumers = this.transport.consumersOf(row.routing_key).filter(({ binding }) => target === undefined || binding.queue === target);
    for (const { binding, handler } of consumers) {
      const started = performance.now();
      const delivery = { messageId: row.id, type: row.type, consumer: binding.queue, payload: row.payload, correlationId: row.correlation_id, attempt };
      const outcome = binding.phased
        ? (await this.runner.runPhasedBatch([delivery], (batch) => invokeHandler(handler, batch), (at, error) => retryDelayMs(this.retryScheduleMs, at, retryAfterOf(error))))[0]
        : binding.batch
          ? (await this.runner.runBatch([delivery], (batch) => invokeHandler(handler, batch)))[0]
          : await this.runner.run(delivery, (payload) => invokeHandler(handler, payload));
      const retried = outcome.kind === 'retryable' && this.retryScheduleMs[row.attempts] !== undefined;
      const counted = outcome.kind === 'done' || outcome.kind === 'duplicate' ? outcome.kind : retried ? 'retried' : 'dead_lettered';
      this.metrics?.consumedMessage(binding.queue, row.type, counted, (performance.now() - started) / 1000);
      if (outcome.kind === 'final' || outcome.kind === 'retryable') failures.push({ queue: binding.queue, outcome });
    }
    if (failures.length === 0) return { id: row.id, outcome: 'published' };
    const error = failures.map(({ queue, outcome }) => `${queue}: ${outcome.error}`).join('; ');
    // why: the row's `available_at` can be any time, so a provider's wait is taken as it is (capped), not rounded to a step.
    const retryAfterMs = Math.max(0, ...failures.map(({ outcome }) => (outcome.kind === 'retryable' ? (outcome.retryAfterMs ?? 0) : 0)));
    const delayMs = retryDelayMs(this.retryScheduleMs, attempt, retryAfterMs);
    if (delayMs !== undefined && failures.every(({ outcome }) => outcome.kind === 'retryable')) return { id: row.id, outcome: 'retry', error, delayMs };
    for (const { queue, outcome } of failures) {
      await this.deadLetters.record({
        queue,
        messageId: row.id,
        type: row.type,
        payload: row.payload,
        headers: row.headers,
        correlationId: row.correlation_id,
        error: outcome.error,
        attempts: attempt,
      });
    }
    return { id: row.id, outcome: 'dead', error };
  }
}
