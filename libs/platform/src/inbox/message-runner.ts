import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { CLS_ID, ClsService } from 'nestjs-cls';
import { DomainError } from '@app/shared-kernel';

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
  | { kind: 'retryable'; error: string };

/** Thrown for a message no handler can ever accept (malformed body, missing id): dead-lettered at once. */
export class PoisonMessage extends DomainError {
  readonly kind = 'invalid';
}

/**
 * Runs one handler for one message, exactly once in effect: the inbox row `(message_id, consumer)` and
 * the handler's writes commit in one transaction; a message already in the inbox is skipped.
 * Domain errors are final; anything else may succeed later and is retried.
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
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        if (error instanceof DomainError) return { kind: 'final', error: message };
        this.logger.warn({ message_id: delivery.messageId, consumer: delivery.consumer, attempt: delivery.attempt, err: error }, 'handler failed');
        return { kind: 'retryable', error: message };
      }
    });
  }
}
