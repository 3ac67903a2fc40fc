import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { CLS_ID, ClsService } from 'nestjs-cls';
import { DomainError, retryAfterOf } from '@app/shared-kernel';
import { BatchItem, ConsumedBatch } from './consumed-batch';
import { PhasedBatch, RetryDelayOf } from './phased-batch';

/** A message as a consumer receives it, whatever the transport. */
export interface Delivery {
  messageId: string;
  type: string;
  consumer: string;
  payload: unknown;
  correlationId: string | null;
  attempt: number;
}

export type RunOutcome =
  | { kind: 'done' }
  | { kind: 'duplicate' }
  | { kind: 'final'; error: string }
  | { kind: 'retryable'; error: string; retryAfterMs?: number };

/** Thrown for a message no handler can ever accept (malformed body, missing id): dead-lettered at once. */
export class PoisonMessage extends DomainError {
  readonly kind = 'invalid';
}

/**
 * Runs one handler for one message, exactly once in effect: the inbox row `(message_id, consumer)` and
 * the handler's writes commit in one transaction; a message already in the inbox is skipped.
 * Domain errors are final; anything else may succeed later and is retried, after the wait it asks for if it has a
 * `retryAfterMs` (see `RetryAfter`).
 */
@Injectable()
export class MessageRunner {
  private readonly logger = new Logger('MessageRunner');

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly cls: ClsService,
  ) {}

  run(delivery: Delivery, handler: (payload: unknown) => Promise<unknown>): Promise<RunOutcome> {
    return this.cls.run(async (): Promise<RunOutcome> => {
      this.cls.set(CLS_ID, delivery.correlationId ?? delivery.messageId);
      try {
        return await this.txHost.withTransaction(async () => {
          const inserted: unknown[] = await this.txHost.tx.query(
            'INSERT INTO platform.inbox (message_id, consumer) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1',
            [delivery.messageId, delivery.consumer],
          );
          if (inserted.length === 0) return { kind: 'duplicate' } as const;
          await handler(delivery.payload);
          return { kind: 'done' } as const;
        });
      } catch (error) {
        return this.failed(delivery, error);
      }
    });
  }

  /**
   * Runs a batch consumer over deliveries of one queue in one transaction: one multi-row inbox insert, the
   * consumer, and the inbox rows of the messages it failed taken back, so each outcome is still per message.
   * If the batch itself fails, each message runs again alone, so one bad message costs the others nothing.
   */
  async runBatch(deliveries: readonly Delivery[], handler: (batch: ConsumedBatch) => Promise<unknown>): Promise<RunOutcome[]> {
    if (deliveries.length === 0) return [];
    const outcomes: RunOutcome[] = [];
    const unique = new Map<string, number>();
    deliveries.forEach((delivery, index) => {
      const id = delivery.messageId.toLowerCase();
      if (unique.has(id)) outcomes[index] = { kind: 'duplicate' };
      else unique.set(id, index);
    });
    const fresh = [...unique.values()].map((index) => deliveries[index]);
    try {
      const settled = await this.batchInTransaction(fresh, handler);
      fresh.forEach((delivery, position) => (outcomes[unique.get(delivery.messageId.toLowerCase())!] = settled[position]));
    } catch (error) {
      if (fresh.length === 1) outcomes[unique.get(fresh[0].messageId.toLowerCase())!] = this.failed(fresh[0], error);
      else for (const delivery of fresh) outcomes[unique.get(delivery.messageId.toLowerCase())!] = (await this.runBatch([delivery], handler))[0];
    }
    return outcomes;
  }

  /**
   * Runs a phased batch consumer with no transaction open around it: the inbox rows go in with its first writes
   * (`claim`) and a failed message's row comes out with its last ones (`settle`), so that a provider can be called in
   * between without holding a connection or a lock. A message claimed and not settled when the consumer throws (or the
   * process dies) stays claimed: it is not run again by a redelivery, and the consumer's own recovery settles it.
   */
  async runPhasedBatch(deliveries: readonly Delivery[], handler: (batch: PhasedBatch) => Promise<unknown>, retryDelayOf: RetryDelayOf): Promise<RunOutcome[]> {
    if (deliveries.length === 0) return [];
    const consumer = deliveries[0].consumer;
    const unique = new Map<string, Delivery>();
    for (const delivery of deliveries) if (!unique.has(delivery.messageId.toLowerCase())) unique.set(delivery.messageId.toLowerCase(), delivery);
    const items: BatchItem[] = [...unique.values()].map(({ messageId, payload, correlationId, attempt }) => ({ messageId, payload, correlationId, attempt }));
    const state = { claimed: null as Set<string> | null, takenBack: new Set<string>() };
    const takeBack = async () => {
      const failed = batch.failed.filter((id) => state.claimed?.has(id.toLowerCase()) && !state.takenBack.has(id.toLowerCase()));
      if (failed.length) await this.txHost.tx.query('DELETE FROM platform.inbox WHERE consumer = $2 AND message_id = ANY($1::uuid[])', [failed, consumer]);
      for (const id of failed) state.takenBack.add(id.toLowerCase());
    };
    const batch: PhasedBatch = new PhasedBatch(
      items,
      {
        claim: (work) =>
          this.txHost.withTransaction(async () => {
            if (state.claimed) throw new Error('a phased batch is claimed once');
            const inserted: { message_id: string }[] = await this.txHost.tx.query(
              `INSERT INTO platform.inbox (message_id, consumer) SELECT id, $2 FROM unnest($1::uuid[]) AS id ORDER BY id
               ON CONFLICT DO NOTHING RETURNING message_id`,
              [[...unique.keys()], consumer],
            );
            const fresh = new Set(inserted.map(({ message_id }) => message_id));
            const freshItems = items.filter(({ messageId }) => fresh.has(messageId.toLowerCase()));
            if (freshItems.length) await work(freshItems);
            state.claimed = fresh;
            await takeBack();
            return freshItems;
          }),
        settle: (work) =>
          this.txHost.withTransaction(async () => {
            await work();
            await takeBack();
          }),
      },
      retryDelayOf,
    );
    const thrown = await this.cls.run(async () => {
      this.cls.set(CLS_ID, deliveries.length === 1 ? (deliveries[0].correlationId ?? deliveries[0].messageId) : undefined);
      try {
        await handler(batch);
        // why: failures the consumer left unsettled still hold their inbox rows; they must go before the retry is published.
        if (state.claimed && batch.failed.some((id) => state.claimed!.has(id.toLowerCase()) && !state.takenBack.has(id.toLowerCase()))) await batch.transactions.settle(async () => undefined);
        return null;
      } catch (error) {
        return { error };
      }
    });
    const seen = new Set<string>();
    return deliveries.map((delivery): RunOutcome => {
      const id = delivery.messageId.toLowerCase();
      if (seen.has(id) || (state.claimed && !state.claimed.has(id))) return { kind: 'duplicate' };
      seen.add(id);
      const failure = batch.failureOf(delivery.messageId);
      if (!state.claimed) return failure !== undefined || thrown ? this.failed(delivery, failure ?? thrown!.error) : { kind: 'done' };
      if (state.takenBack.has(id)) return this.failed(delivery, failure);
      // why: claimed and its outcome not written: not run again by a redelivery; the consumer's own recovery settles it.
      if (thrown) this.logger.error({ message_id: delivery.messageId, consumer, err: thrown.error }, 'a phased consumer failed after claiming the message');
      return { kind: 'done' };
    });
  }

  private batchInTransaction(deliveries: Delivery[], handler: (batch: ConsumedBatch) => Promise<unknown>): Promise<RunOutcome[]> {
    const consumer = deliveries[0].consumer;
    return this.cls.run(() => {
      // why: the messages of a batch have correlation ids of their own; the consumer passes each one on explicitly.
      this.cls.set(CLS_ID, deliveries.length === 1 ? (deliveries[0].correlationId ?? deliveries[0].messageId) : undefined);
      return this.txHost.withTransaction(async (): Promise<RunOutcome[]> => {
        // why: sorted, so that two batches sharing messages take their inbox locks in one order and cannot deadlock.
        const inserted: { message_id: string }[] = await this.txHost.tx.query(
          `INSERT INTO platform.inbox (message_id, consumer) SELECT id, $2 FROM unnest($1::uuid[]) AS id ORDER BY id
           ON CONFLICT DO NOTHING RETURNING message_id`,
          [deliveries.map(({ messageId }) => messageId), consumer],
        );
        const isNew = new Set(inserted.map(({ message_id }) => message_id));
        const items: BatchItem[] = deliveries
          .filter(({ messageId }) => isNew.has(messageId.toLowerCase()))
          .map(({ messageId, payload, correlationId, attempt }) => ({ messageId, payload, correlationId, attempt }));
        const batch = new ConsumedBatch(items);
        if (items.length) await handler(batch);
        const failed = new Set(batch.failed);
        if (failed.size) {
          await this.txHost.tx.query('DELETE FROM platform.inbox WHERE consumer = $2 AND message_id = ANY($1::uuid[])', [[...failed], consumer]);
        }
        return deliveries.map((delivery): RunOutcome => {
          if (!isNew.has(delivery.messageId.toLowerCase())) return { kind: 'duplicate' };
          return failed.has(delivery.messageId) ? this.failed(delivery, batch.failureOf(delivery.messageId)) : { kind: 'done' };
        });
      });
    });
  }

  private failed(delivery: Delivery, error: unknown): Extract<RunOutcome, { error: string }> {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (error instanceof DomainError) return { kind: 'final', error: message };
    this.logger.warn({ message_id: delivery.messageId, consumer: delivery.consumer, attempt: delivery.attempt, err: error }, 'handler failed');
    const retryAfterMs = retryAfterOf(error);
    return retryAfterMs === null ? { kind: 'retryable', error: message } : { kind: 'retryable', error: message, retryAfterMs };
  }
}
