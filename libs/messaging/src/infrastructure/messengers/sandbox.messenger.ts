import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { uuidV7 } from '@app/shared-kernel';
import { Messenger, OutgoingMessage, ProviderReceipt } from '../../application/ports/messenger';

/**
 * A provider that sends nothing: it records every call, and accepts each message id once (its idempotency key),
 * answering the first receipt to any later call, which it marks as a duplicate so that it shows.
 */
@Injectable()
export class SandboxMessenger extends Messenger {
  readonly name = 'sandbox';

  // why: a real provider is outside our transaction, so the sandbox is too: it writes through the DataSource in
  // autocommit, never `txHost.tx`, and what it recorded survives the caller's rollback (the one sanctioned exception).
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async send({ messageId, ownerId, to, text }: OutgoingMessage): Promise<ProviderReceipt> {
    const callId = uuidV7();
    await this.dataSource.query(`INSERT INTO messaging.sandbox_calls (id, message_id, owner_id, "to", text) VALUES ($1, $2, $3, $4, $5)`, [
      callId,
      messageId,
      ownerId,
      to,
      text,
    ]);
    const [accepted] = await this.dataSource.query<{ provider_message_id: string }[]>(
      `INSERT INTO messaging.sandbox_deliveries (message_id, owner_id, "to", text, provider_message_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (message_id) DO NOTHING RETURNING provider_message_id`,
      [messageId, ownerId, to, text, `sandbox-${randomUUID()}`],
    );
    if (accepted) return { providerMessageId: accepted.provider_message_id };
    const [existing] = await this.dataSource.query<{ provider_message_id: string }[]>(
      `WITH marked AS (UPDATE messaging.sandbox_calls SET duplicate = true WHERE id = $1)
       SELECT provider_message_id FROM messaging.sandbox_deliveries WHERE message_id = $2`,
      [callId, messageId],
    );
    return { providerMessageId: existing.provider_message_id };
  }
}
