import { randomUUID } from 'node:crypto';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'pg';
import { AppConfig, POSTGRES_SESSION_OPTIONS } from '@app/platform';
import { uuidV7 } from '@app/shared-kernel';
import { Messenger, OutgoingMessage, ProviderReceipt } from '../../application/ports/messenger';
import { MessageRefused } from '../../domain/message.errors';

const POOL_SIZE = 4;

/** Recipients that make the sandbox misbehave on purpose, the way a real provider can, to try retries and dead letters. */
export const SANDBOX_UNAVAILABLE = 'sandbox:unavailable';
export const SANDBOX_REFUSE = 'sandbox:refuse';

export class SandboxOutage extends Error {
  constructor() {
    super('sandbox: simulated provider outage');
    this.name = 'SandboxOutage';
  }
}

/**
 * A provider that sends nothing: it records every call, and accepts each message id once (its idempotency key),
 * answering the first receipt to any later call, which it marks as a duplicate so that it shows.
 * To `sandbox:unavailable` it answers an outage (retried, then dead-lettered); to `sandbox:refuse`, a final refusal.
 */
@Injectable()
export class SandboxMessenger extends Messenger implements OnModuleDestroy {
  readonly name = 'sandbox';
  private readonly pool: Pool;

  // why: a real provider is outside our transaction and our connection pool, so the sandbox is too (the one
  // sanctioned exception to `txHost.tx`): it writes in autocommit, so what it recorded survives the caller's
  // rollback; and on the app's pool, sends holding every connection in their transactions would wait forever for it.
  constructor(config: AppConfig) {
    super();
    this.pool = new Pool({ connectionString: config.databaseUrl, max: POOL_SIZE, application_name: 'missive-sandbox', options: POSTGRES_SESSION_OPTIONS });
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }

  async send({ messageId, ownerId, to, text }: OutgoingMessage): Promise<ProviderReceipt> {
    const callId = uuidV7();
    await this.pool.query(`INSERT INTO messaging.sandbox_calls (id, message_id, owner_id, "to", text) VALUES ($1, $2, $3, $4, $5)`, [
      callId,
      messageId,
      ownerId,
      to,
      text,
    ]);
    if (to === SANDBOX_UNAVAILABLE) throw new SandboxOutage();
    if (to === SANDBOX_REFUSE) throw new MessageRefused('sandbox: the recipient refuses messages');
    const accepted = await this.pool.query<{ provider_message_id: string }>(
      `INSERT INTO messaging.sandbox_deliveries (message_id, owner_id, "to", text, provider_message_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (message_id) DO NOTHING RETURNING provider_message_id`,
      [messageId, ownerId, to, text, `sandbox-${randomUUID()}`],
    );
    if (accepted.rows[0]) return { providerMessageId: accepted.rows[0].provider_message_id };
    const existing = await this.pool.query<{ provider_message_id: string }>(
      `WITH marked AS (UPDATE messaging.sandbox_calls SET duplicate = true WHERE id = $1)
       SELECT provider_message_id FROM messaging.sandbox_deliveries WHERE message_id = $2`,
      [callId, messageId],
    );
    return { providerMessageId: existing.rows[0].provider_message_id };
  }
}
