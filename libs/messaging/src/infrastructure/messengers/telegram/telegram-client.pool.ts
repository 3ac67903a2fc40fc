import { TelegramConnection } from './telegram-client';

interface Entry {
  connection: Promise<TelegramConnection>;
  usedAt: number;
}

/**
 * Connected clients by session, so that sends reuse one MTProto connection per account: at most `max` (the least
 * recently used one is disconnected to make room), and a client idle for `idleMs` is disconnected.
 */
export class TelegramClientPool {
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly open: (session: string) => Promise<TelegramConnection>,
    private readonly max: number,
    private readonly idleMs: number,
  ) {
    this.sweeper = setInterval(() => void this.sweep(), Math.min(idleMs, 60_000)).unref();
  }

  get size(): number {
    return this.entries.size;
  }

  async connection(key: string, session: string): Promise<TelegramConnection> {
    let entry = this.entries.get(key);
    if (!entry) {
      if (this.entries.size >= this.max) await this.drop([...this.entries.entries()].sort(([, a], [, b]) => a.usedAt - b.usedAt)[0][0]);
      entry = { connection: this.open(session), usedAt: Date.now() };
      this.entries.set(key, entry);
      entry.connection.catch(() => this.entries.get(key) === entry && this.entries.delete(key));
    }
    entry.usedAt = Date.now();
    return entry.connection;
  }

  async drop(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    await disconnect(entry.connection);
  }

  async sweep(now = Date.now()): Promise<void> {
    const idle = [...this.entries.entries()].filter(([, entry]) => now - entry.usedAt >= this.idleMs).map(([key]) => key);
    await Promise.all(idle.map((key) => this.drop(key)));
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.entries.keys()].map((key) => this.drop(key)));
  }
}

async function disconnect(connection: Promise<TelegramConnection>): Promise<void> {
  try {
    await (await connection).disconnect();
  } catch {
    // why: a client that never connected, or whose socket is already gone, has nothing left to close.
  }
}
