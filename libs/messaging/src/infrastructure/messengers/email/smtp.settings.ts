import { ConfigError, EnvReader } from '@app/platform';

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

/** The `email` adapter's server-wide settings; each account's SMTP server and login come with its session. */
export class SmtpSettings {
  constructor(
    /** The domain of the `Message-ID`s we make; null: the domain of the session's `from`. */
    readonly messageIdDomain: string | null,
    /** How long connecting, the greeting and an idle socket may take. */
    readonly timeoutMs: number,
    /** Log in only over TLS (implicit, or STARTTLS): never send a password in the clear. */
    readonly requireTls: boolean,
    /** How many sessions keep a pooled transport open at once; the least recently used is closed past it. */
    readonly pooledSessions: number,
    /** Connections each session's pool may open to its server. */
    readonly connectionsPerSession: number,
  ) {}

  /** Reads the `SMTP_*` settings and `MISSIVE_MESSAGE_ID_DOMAIN`; a bad value throws `ConfigError` naming it. */
  static fromEnv(env: Record<string, string | undefined>): SmtpSettings {
    const read = new EnvReader(env);
    const domain = read.optionalString('MISSIVE_MESSAGE_ID_DOMAIN');
    if (domain !== undefined && !DOMAIN.test(domain)) throw new ConfigError('MISSIVE_MESSAGE_ID_DOMAIN', 'must be a domain name such as mail.example.com', domain);
    return new SmtpSettings(
      domain?.toLowerCase() ?? null,
      read.duration('SMTP_TIMEOUT', '30s', 10),
      read.bool('SMTP_REQUIRE_TLS', true),
      read.int('SMTP_POOLED_SESSIONS', 100, 1, 10_000),
      read.int('SMTP_CONNECTIONS_PER_SESSION', 2, 1, 50),
    );
  }
}
