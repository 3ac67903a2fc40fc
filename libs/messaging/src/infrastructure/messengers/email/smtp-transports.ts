import { createHash } from 'node:crypto';
import { createTransport } from 'nodemailer';
import type { SMTPPoolOptions } from 'nodemailer/lib/smtp-pool';
import { SmtpCredentials } from './smtp.credentials';
import { SmtpSettings } from './smtp.settings';

export type SmtpTransport = ReturnType<typeof createSmtpPool>;

/** The transport options for one account: timeouts and TLS policy from the settings. */
export function smtpOptions(credentials: SmtpCredentials, settings: SmtpSettings): SMTPPoolOptions {
  return {
    host: credentials.host,
    port: credentials.port,
    secure: credentials.secure,
    requireTLS: settings.requireTls && !credentials.secure,
    auth: { user: credentials.user, pass: credentials.password },
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
    dnsTimeout: settings.timeoutMs,
  };
}

function createSmtpPool(options: SMTPPoolOptions, maxConnections: number) {
  return createTransport({ ...options, pool: true, maxConnections, maxMessages: 100 });
}

/**
 * One pooled transport per session, so that a session's messages reuse its connections; at most
 * `settings.pooledSessions` at once, the least recently used closed past it. A session whose credentials changed gets
 * a new transport.
 */
export class SmtpTransports {
  private readonly pools = new Map<string, { fingerprint: string; transport: SmtpTransport }>();

  constructor(private readonly settings: SmtpSettings) {}

  get size(): number {
    return this.pools.size;
  }

  for(sessionId: string, credentials: SmtpCredentials): SmtpTransport {
    const fingerprint = createHash('sha256').update(JSON.stringify(smtpOptions(credentials, this.settings))).digest('hex');
    const pooled = this.pools.get(sessionId);
    this.pools.delete(sessionId);
    if (pooled && pooled.fingerprint === fingerprint) {
      this.pools.set(sessionId, pooled);
      return pooled.transport;
    }
    pooled?.transport.close();
    const transport = createSmtpPool(smtpOptions(credentials, this.settings), this.settings.connectionsPerSession);
    this.pools.set(sessionId, { fingerprint, transport });
    for (const [oldest, { transport: evicted }] of this.pools) {
      if (this.pools.size <= this.settings.pooledSessions) break;
      this.pools.delete(oldest);
      evicted.close();
    }
    return transport;
  }

  /** Closes the session's transport, e.g. after its login was refused. */
  drop(sessionId: string): void {
    this.pools.get(sessionId)?.transport.close();
    this.pools.delete(sessionId);
  }

  closeAll(): void {
    for (const { transport } of this.pools.values()) transport.close();
    this.pools.clear();
  }
}
