import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { OutboxWriter } from '@app/platform';
import { Deferral, SendDeferrals } from '../../application/ports/send-deferrals';
import { sendMessageCommand } from '../outbox/messaging.published-events';

// why: a held message comes back through the relay, which hands it on at its due time by the database's clock.
const EARLY_MS = 1_000;

/** Held messages as new `messaging.send-message` outbox rows due later, and their slots in `messaging.send_slots`. */
@Injectable()
export class OutboxSendDeferrals extends SendDeferrals {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly outbox: OutboxWriter,
  ) {
    super();
  }

  async defer(deferrals: readonly Deferral[]): Promise<void> {
    await this.outbox.append(deferrals.map(({ messageId, correlationId, until }) => ({ ...sendMessageCommand(messageId), correlationId, availableAt: until })));
    const slots = deferrals.filter(({ slotSessionId }) => slotSessionId !== null);
    if (slots.length === 0) return;
    await this.txHost.tx.query(
      `INSERT INTO messaging.send_slots (message_id, session_id, due_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[])
       ON CONFLICT (message_id) DO UPDATE SET session_id = excluded.session_id, due_at = excluded.due_at`,
      [slots.map(({ messageId }) => messageId), slots.map(({ slotSessionId }) => slotSessionId), slots.map(({ until }) => until)],
    );
  }

  async takeDueSlots(messageIds: readonly string[], at: Date): Promise<Map<string, string>> {
    if (messageIds.length === 0) return new Map();
    const [rows]: [{ message_id: string; session_id: string }[], number] = await this.txHost.tx.query(
      `DELETE FROM messaging.send_slots WHERE message_id = ANY($1::uuid[]) AND due_at <= $2::timestamptz + $3 * interval '1 millisecond' RETURNING message_id, session_id`,
      [[...messageIds], at, EARLY_MS],
    );
    return new Map(rows.map(({ message_id, session_id }) => [message_id, session_id]));
  }
}
