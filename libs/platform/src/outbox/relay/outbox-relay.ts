import { Logger } from '@nestjs/common';
import { PgListener } from '../../persistence/pg-listener';
import { OUTBOX_CHANNEL } from '../outbox.writer';
import { OutboxStore } from './outbox-store';
import { DispatchResult, OutboxDispatch } from './outbox-row';

export interface RelaySettings {
  batchSize: number;
  pollIntervalMs: number;
  retentionMs: number;
  databaseUrl: string;
}

const MAX_BACKOFF_MS = 30_000;
// why: every commit that writes outbox rows sends a NOTIFY; waiting a moment gathers the rows of many
// commits into one batch instead of claiming them four at a time.
const LINGER_MS = 10;
const CLEANUP_EVERY_MS = 60_000;
// why: while one batch waits for the broker's confirms, the next is claimed and published; SKIP LOCKED keeps the two
// apart, and the claim's first-pending-row rule keeps order per aggregate across them as it does across replicas.
export const RELAY_BATCHES_IN_FLIGHT = 2;

/**
 * Drains the outbox: claims due rows with SKIP LOCKED (replicas are safe), dispatches them, marks the
 * results in the same transaction. Woken by NOTIFY, polls as a fallback; backs off while the broker
 * or the database fails, losing and skipping nothing.
 */
export class OutboxRelay {
  private readonly logger = new Logger('OutboxRelay');
  private running = false;
  private readonly waiters = new Set<() => void>();
  private woken = false;
  private listener: PgListener | null = null;
  private loop: Promise<void> | null = null;
  private lastCleanup = 0;

  constructor(
    private readonly store: OutboxStore,
    private readonly dispatch: OutboxDispatch,
    private readonly settings: RelaySettings,
    private readonly onBatch: (results: (DispatchResult & { type: string })[], ms: number) => void = () => undefined,
  ) {}

  /** Claims and dispatches one batch; the number of rows it handled. */
  async drainBatch(): Promise<number> {
    const started = performance.now();
    const types = new Map<string, string>();
    const results = await this.store.claim(this.settings.batchSize, (rows) => {
      for (const row of rows) types.set(row.id, row.type);
      return this.dispatch.dispatch(rows);
    });
    if (results.length) this.onBatch(results.map((result) => ({ ...result, type: types.get(result.id) ?? 'unknown' })), performance.now() - started);
    return results.length;
  }

  /** `--once`: everything due now, then return. */
  async drainAll(): Promise<number> {
    const drain = async () => {
      let total = 0;
      for (let count = -1; count !== 0; total += count) count = await this.drainBatch();
      return total;
    };
    const totals = await Promise.all(Array.from({ length: RELAY_BATCHES_IN_FLIGHT }, drain));
    return totals.reduce((sum, total) => sum + total, 0);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.listener = new PgListener({
      databaseUrl: this.settings.databaseUrl,
      channel: OUTBOX_CHANNEL,
      applicationName: 'missive-relay-listen',
      onNotification: () => this.notified(),
      onLost: (error) => {
        if (error) this.logger.warn({ err: error }, 'LISTEN connection failed; polling until it is back');
      },
    });
    this.listener.start();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.notified();
    await this.loop;
    await this.listener?.stop();
  }

  private async run(): Promise<void> {
    await Promise.all(Array.from({ length: RELAY_BATCHES_IN_FLIGHT }, () => this.work()));
  }

  private async work(): Promise<void> {
    let backoff = 0;
    while (this.running) {
      try {
        const count = await this.drainBatch();
        await this.cleanUpNow();
        backoff = 0;
        if (count < this.settings.batchSize) await this.idle(this.settings.pollIntervalMs);
      } catch (error) {
        backoff = Math.min(MAX_BACKOFF_MS, backoff ? backoff * 2 : 250);
        this.logger.warn({ err: error, retry_in_ms: backoff }, 'relay batch failed; the rows stay in the outbox');
        await this.idle(backoff);
      }
    }
  }

  /** Waits `ms`, or about LINGER_MS after a NOTIFY — also one that came while the loop was busy, so none is lost. */
  private idle(ms: number): Promise<void> {
    // why: stop() wakes the waiters of the moment; a worker still busy then must not start a wait of a poll interval.
    if (!this.running) return Promise.resolve();
    if (this.woken) {
      this.woken = false;
      return new Promise((resolve) => setTimeout(resolve, Math.min(ms, LINGER_MS)));
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.waiters.delete(done)) this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  private notified(): void {
    if (this.woken && this.running) return;
    this.woken = true;
    const waiters = [...this.waiters];
    if (waiters.length) setTimeout(() => waiters.forEach((wake) => wake()), this.running ? LINGER_MS : 0);
  }

  private async cleanUpNow(): Promise<void> {
    if (Date.now() - this.lastCleanup < CLEANUP_EVERY_MS) return;
    this.lastCleanup = Date.now();
    const deleted = await this.store.cleanUp(this.settings.retentionMs);
    if (deleted) this.logger.log(`cleaned up ${deleted} published outbox and processed inbox rows`);
  }
}
