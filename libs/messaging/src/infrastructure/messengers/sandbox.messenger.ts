import { randomUUID } from 'node:crypto';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'pg';
import { PlatformSettings, POSTGRES_SESSION_OPTIONS, resilientPool } from '@app/platform';
import { uuidV7 } from '@app/shared-kernel';
import { Messenger, OutgoingMessage, ProviderReceipt } from '../../application/ports/messenger';
import { MessengerDescriptor } from '../../application/ports/messenger-descriptor';
import { MessageRefused } from '../../domain/messenger.errors';

const POOL_SIZE = 4;

/** Recipients that make the sandbox misbehave on purpose, the way a real provider can, to try retries and dead letters. */
export const SANDBOX_UNAVAILABLE = 'sandbox:unavailable';
export const SANDBOX_REFUSE = 'sandbox:refuse';

export const SANDBOX_DESCRIPTOR: MessengerDescriptor = {
  name: 'sandbox',
  title: 'Sandbox (records what it would send; needs no session)',
  connect: 'none',
  passwordStep: false,
  recipients: ['any'],
  features: {
    text: true,
    media: false,
    html: false,
    deliveryReceipts: false,
    readReceipts: false,
    inbound: false,
    providerIdempotency: true,
    statusLookup: false,
  },
  limits: { textLength: 4096, media: null, pace: { perMinute: 60_000, jitterMs: 0 } },
  credentials: [],
  // why: it accepts each message id once, so a resend is exactly once.
  crashRecovery: 'resend',
};

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
  static readonly descriptor = SANDBOX_DESCRIPTOR;
  readonly descriptor = SANDBOX_DESCRIPTOR;
  private readonly pool: Pool;

  // why: a real provider is outside our transaction and our connection pool, so the sandbox is too (the one
  // sanctioned exception to `txHost.tx`): it writes in autocommit, so what it recorded survives the caller's
  // rollback; and on the app's pool, sends holding every connection in their transactions would wait forever for it.
  constructor(config: PlatformSettings) {
    super();
    this.pool = resilientPool({ connectionString: config.databaseUrl, max: POOL_SIZE, application_name: 'missive-sandbox', options: POSTGRES_SESSION_OPTIONS });
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }

  async send(message: OutgoingMessage): Promise<ProviderReceipt> {
    const [outcome] = await this.sendMany([message]);
    if (outcome instanceof Error) throw outcome;
    return outcome;
  }

  // why: the sandbox's "bulk API": every call recorded and every new delivery accepted in one statement, like a
  // provider's batch endpoint; one more statement only when some were duplicates, to mark them and answer the first receipts.
  override async sendMany(messages: readonly OutgoingMessage[]): Promise<(ProviderReceipt | Error)[]> {
    const callIds = messages.map(() => uuidV7());
    const column = <K extends keyof OutgoingMessage>(key: K) => messages.map((message) => message[key]);
    const accepted = await this.pool.query<{ message_id: string; provider_message_id: string }>(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[])
                    AS m(call_id, message_id, owner_id, "to", text, provider_message_id)),
       calls AS (
         INSERT INTO messaging.sandbox_calls (id, message_id, owner_id, "to", text) SELECT call_id, message_id, owner_id, "to", text FROM input)
       INSERT INTO messaging.sandbox_deliveries (message_id, owner_id, "to", text, provider_message_id)
       SELECT message_id, owner_id, "to", text, provider_message_id FROM input WHERE "to" <> ALL($7::text[])
       ON CONFLICT (message_id) DO NOTHING RETURNING message_id, provider_message_id`,
      [callIds, column('messageId'), column('ownerId'), column('to'), column('text'), messages.map(() => `sandbox-${randomUUID()}`), [SANDBOX_UNAVAILABLE, SANDBOX_REFUSE]],
    );
    const receipts = new Map(accepted.rows.map((row) => [row.message_id, row.provider_message_id]));
    const seen = new Set<string>();
    const duplicates = messages.flatMap(({ messageId, to }, index) => {
      const id = messageId.toLowerCase();
      const accepted = receipts.has(id) && !seen.has(id);
      seen.add(id);
      return isMisbehaving(to) || accepted ? [] : [index];
    });
    if (duplicates.length) {
      const earlier = await this.pool.query<{ message_id: string; provider_message_id: string }>(
        `WITH marked AS (UPDATE messaging.sandbox_calls SET duplicate = true WHERE id = ANY($1::uuid[]))
         SELECT message_id, provider_message_id FROM messaging.sandbox_deliveries WHERE message_id = ANY($2::uuid[])`,
        [duplicates.map((index) => callIds[index]), duplicates.map((index) => messages[index].messageId)],
      );
      for (const row of earlier.rows) receipts.set(row.message_id, row.provider_message_id);
    }
    return messages.map(({ messageId, to }) => {
      if (to === SANDBOX_UNAVAILABLE) return new SandboxOutage();
      if (to === SANDBOX_REFUSE) return new MessageRefused('sandbox: the recipient refuses messages');
      return { providerMessageId: receipts.get(messageId.toLowerCase())! };
    });
  }
}

function isMisbehaving(to: string): boolean {
  return to === SANDBOX_UNAVAILABLE || to === SANDBOX_REFUSE;
}
