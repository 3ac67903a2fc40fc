import { Client } from 'pg';
import { POSTGRES_SESSION_OPTIONS } from './data-source-options';

const RECONNECT_MS = 1_000;

export interface PgListenerOptions {
  databaseUrl: string;
  channel: string;
  applicationName: string;
  onNotification: (payload: string | null) => void;
  /** Listening (again): what was sent while it was not has not been heard. */
  onListening?: () => void;
  /** Not listening any more until the next `onListening`; `error` is why, unless it was stopped. */
  onLost?: (error?: unknown) => void;
}

/** A LISTEN connection that keeps itself open: lost or refused, it connects again a second later, until stopped (for good). */
export class PgListener {
  private stopped = false;
  private client: Client | null = null;
  private loop: Promise<void> | null = null;

  constructor(private readonly options: PgListenerOptions) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
  }

  private async run(): Promise<void> {
    const { databaseUrl, channel, applicationName, onNotification, onListening, onLost } = this.options;
    while (!this.stopped) {
      const client = new Client({ connectionString: databaseUrl, application_name: applicationName, options: POSTGRES_SESSION_OPTIONS });
      this.client = client;
      // why: a terminated connection can emit 'error' more than once; one without a listener would crash the process.
      const lost = new Promise<void>((resolve) => client.on('error', () => resolve()).once('end', () => resolve()));
      let failure: unknown;
      try {
        await client.connect();
        // why: stop() may have come while connecting, and ended a client that then connected all the same.
        if (!this.stopped) {
          client.on('notification', ({ payload }) => onNotification(payload ?? null));
          await client.query(`LISTEN ${channel}`);
          onListening?.();
          await lost;
        }
      } catch (error) {
        failure = error;
      }
      onLost?.(this.stopped ? undefined : failure);
      await client.end().catch(() => undefined);
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
    }
  }
}
