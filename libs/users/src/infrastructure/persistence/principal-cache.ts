import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { PlatformSettings, PgListener } from '@app/platform';
import { PrincipalView } from '../../application/queries/authenticate/principal.view';

export const PRINCIPALS_CHANNEL = 'missive_principals';
const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  principal: PrincipalView;
  until: number;
}

/**
 * The principals of sessions and API keys, kept up to 30 s so that most requests authenticate without a query.
 * Whatever can end or change a principal (a session or key saved, revoked or rotated; a role changed) sends a NOTIFY
 * with the user's id at its commit, and every process drops that user's entries on hearing it. While this process
 * has no LISTEN connection it caches nothing, so a revocation is never missed, only slower to look up.
 */
@Injectable()
export class PrincipalCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('PrincipalCache');
  private readonly entries = new Map<string, Entry>();
  private listening = false;
  private generation = 0;
  private readonly listener: PgListener;

  constructor(config: PlatformSettings) {
    this.listener = new PgListener({
      databaseUrl: config.databaseUrl,
      channel: PRINCIPALS_CHANNEL,
      applicationName: 'missive-principals-listen',
      onNotification: (userId) => this.forget(userId),
      onListening: () => {
        this.forget(null);
        this.listening = true;
      },
      onLost: (error) => {
        if (error) this.logger.warn({ err: error }, 'LISTEN connection failed; authenticating without the cache until it is back');
        this.listening = false;
        this.forget(null);
      },
    });
  }

  /**
   * This user's principals changed: dropped here at once, and in every other process when the caller's transaction
   * commits (NOTIFY), which also drops whatever a request of this process loaded in between.
   */
  async changed(txHost: TransactionHost<TransactionalAdapterTypeOrm>, userId: string): Promise<void> {
    this.forget(userId);
    await txHost.tx.query('SELECT pg_notify($1, $2)', [PRINCIPALS_CHANNEL, userId]);
  }

  onModuleInit(): void {
    this.listener.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.listener.stop();
  }

  /** Whether the LISTEN connection is up, so that entries are kept: until then every `get` loads. */
  get isListening(): boolean {
    return this.listening;
  }

  /** The cached principal, or what `load` finds (kept unless a change was heard meanwhile). Misses are not kept. */
  async get(key: string, load: () => Promise<{ principal: PrincipalView; expiresAt?: Date } | null>): Promise<PrincipalView | null> {
    const hit = this.entries.get(key);
    if (hit && this.listening && hit.until > Date.now()) return hit.principal;
    const generation = this.generation;
    const loaded = await load();
    if (!loaded) return null;
    if (this.listening && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { principal: loaded.principal, until: Math.min(Date.now() + TTL_MS, loaded.expiresAt?.getTime() ?? Infinity) });
    }
    return loaded.principal;
  }

  private forget(userId: string | null): void {
    this.generation += 1;
    if (userId === null) return this.entries.clear();
    for (const [key, entry] of this.entries) if (entry.principal.userId === userId) this.entries.delete(key);
  }
}
