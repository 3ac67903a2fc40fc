import { Command } from '@nestjs/cqrs';

export interface MessageToSend {
  messageId: string;
  /** The correlation id the message's new outbox rows carry: that of the delivery that asked for the send. */
  correlationId: string | null;
}

/**
 * The two transactions of a send, as the transport that delivered it runs them: its record of the deliveries joins
 * them, so that a delivery is done exactly when its message's attempt is recorded, and retried when it is not.
 */
export interface SendTransactions {
  /**
   * Phase 1: runs `work` in a transaction, told which sends are new (the others were done already and are skipped); the
   * failures it answers are not attempted, and are retried or dead-lettered.
   */
  first(work: (isNew: (messageId: string) => boolean) => Promise<Map<string, Error>>): Promise<void>;
  /** Phase 3: runs `work` in a transaction; the failures it answers are retried or dead-lettered. */
  last(work: () => Promise<Map<string, Error>>): Promise<void>;
  /** The wait before a retry of this send failed so, or undefined when its retries are spent (it is dead-lettered). */
  retryDelayMs(messageId: string, error: Error): number | undefined;
}

/**
 * Sends queued messages through their messengers in three steps, no transaction open during the provider calls: what
 * the dispatcher runs for a batch of `messaging.send-message`. Answers the messages it could not settle, with why:
 * a `DomainError` is final, anything else may pass later.
 */
export class SendMessagesCommand extends Command<Map<string, Error>> {
  constructor(
    readonly sends: readonly MessageToSend[],
    readonly transactions: SendTransactions,
  ) {
    super();
  }
}
