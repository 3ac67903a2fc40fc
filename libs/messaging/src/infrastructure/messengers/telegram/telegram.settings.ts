import { EnvReader } from '@app/platform';

/** The Telegram application (api_id and api_hash from my.telegram.org) and how long clients are kept; unavailable while unset. */
export class TelegramSettings {
  constructor(
    readonly apiId: number | null,
    readonly apiHash: string | null,
    readonly timeoutMs: number = 30_000,
    readonly maxClients: number = 100,
    readonly clientIdleMs: number = 600_000,
  ) {}

  static fromEnv(env: Record<string, string | undefined> = process.env): TelegramSettings {
    const read = new EnvReader(env);
    const apiId = read.int('TELEGRAM_API_ID', 0, 1, 2 ** 31 - 1);
    return new TelegramSettings(
      apiId || null,
      read.optionalString('TELEGRAM_API_HASH') ?? null,
      read.duration('TELEGRAM_TIMEOUT', '30s', 1_000),
      read.int('TELEGRAM_MAX_CLIENTS', 100, 1, 10_000),
      read.duration('TELEGRAM_CLIENT_IDLE', '10m', 1_000),
    );
  }

  get missing(): string | null {
    const unset = [!this.apiId && 'TELEGRAM_API_ID', !this.apiHash && 'TELEGRAM_API_HASH'].filter(Boolean);
    return unset.length ? `set ${unset.join(' and ')} (from my.telegram.org) to send through Telegram` : null;
  }
}
