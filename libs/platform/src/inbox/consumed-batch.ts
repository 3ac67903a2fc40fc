/** One message of a batch, as a batch consumer receives it. */
export interface BatchItem<T = unknown> {
  messageId: string;
  payload: T;
  correlationId: string | null;
  attempt: number;
}

/**
 * What a batch consumer (`@EventPattern(type, { queue, batch: n })`) receives: up to n messages, each
 * new to its inbox, handled in one transaction. The consumer fails the ones it could not handle, and
 * only those: their inbox rows are taken back and each is retried or dead-lettered on its own, while
 * the rest commit. A consumer that throws fails the batch, which then runs again one message at a time.
 */
export class ConsumedBatch<T = unknown> {
  private readonly failures = new Map<string, unknown>();

  constructor(readonly items: readonly BatchItem<T>[]) {}

  /** This message is not done: a `DomainError` dead-letters it at once, anything else retries it. */
  fail(item: BatchItem<T>, error: unknown): void {
    this.failures.set(item.messageId, error);
  }

  failureOf(messageId: string): unknown {
    return this.failures.get(messageId);
  }

  get failed(): string[] {
    return [...this.failures.keys()];
  }
}
