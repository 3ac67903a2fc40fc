import { BatchItem, ConsumedBatch } from './consumed-batch';

/** The wait before a failed message's next attempt, or undefined when its retries are spent (it is dead-lettered). */
export type RetryDelayOf = (attempt: number, error: unknown) => number | undefined;

/** The two transactions a phased batch consumer runs around its slow work, as the runner gives them. */
export interface BatchTransactions {
  /**
   * Opens a transaction, records the batch's messages in the inbox, runs `work` with the ones new to it, and commits:
   * from then on a redelivery of those is a duplicate. The others are skipped. Called once, first.
   */
  claim(work: (fresh: readonly BatchItem[]) => Promise<void>): Promise<readonly BatchItem[]>;
  /** Runs `work` in a transaction that also takes back the inbox rows of the messages failed by then, and commits. */
  settle(work: () => Promise<void>): Promise<void>;
}

/**
 * What a phased batch consumer (`@EventPattern(type, { queue, batch: n, phased: true })`) receives: no transaction is
 * open around it, so it can call something slow between `claim` (its first writes and the inbox rows) and `settle`
 * (its last writes); a failed message's inbox row goes in the transaction that fails it.
 */
export class PhasedBatch<T = unknown> extends ConsumedBatch<T> {
  constructor(
    items: readonly BatchItem<T>[],
    readonly transactions: BatchTransactions,
    private readonly retryDelayOf: RetryDelayOf,
  ) {
    super(items);
  }

  /** The wait before this message is tried again if it fails so now, or undefined when it would be dead-lettered. */
  retryDelayMs(item: BatchItem<T>, error: unknown): number | undefined {
    return this.retryDelayOf(item.attempt, error);
  }
}
