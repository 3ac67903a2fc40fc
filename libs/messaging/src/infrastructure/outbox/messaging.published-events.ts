import { asyncCommand, integrationEvent, OutboxMessage } from '@app/platform';
import { DomainEvent, IntegrationEvent } from '@app/shared-kernel';
import { MESSAGE_CANCELLED_V1, MessageCancelledV1 } from '../../contracts/message-cancelled.v1';
import { MESSAGE_SENT_V1, MessageSentV1 } from '../../contracts/message-sent.v1';
import { SEND_MESSAGE, SendMessagePayload } from '../../contracts/send-message.command';
import { MessageCancelled } from '../../domain/message-cancelled.event';
import { MessageQueued } from '../../domain/message-queued.event';
import { MessageScheduled } from '../../domain/message-scheduled.event';
import { MessageSent } from '../../domain/message-sent.event';

const AGGREGATE_TYPE = 'message';

/** The domain events of this context that other contexts may hear, as their published contracts. */
export function toIntegrationEvent(event: DomainEvent): IntegrationEvent | null {
  if (event instanceof MessageSent) {
    const payload: MessageSentV1 = {
      message_id: event.aggregateId,
      owner_id: event.ownerId,
      messenger: event.messenger,
      to: event.to,
      provider_message_id: event.providerMessageId,
      sent_at: event.occurredAt.toISOString(),
    };
    return { type: MESSAGE_SENT_V1, schemaVersion: 1, aggregateType: AGGREGATE_TYPE, aggregateId: event.aggregateId, occurredAt: payload.sent_at, payload };
  }
  if (event instanceof MessageCancelled) {
    const payload: MessageCancelledV1 = {
      message_id: event.aggregateId,
      owner_id: event.ownerId,
      messenger: event.messenger,
      to: event.to,
      cancelled_at: event.occurredAt.toISOString(),
    };
    return { type: MESSAGE_CANCELLED_V1, schemaVersion: 1, aggregateType: AGGREGATE_TYPE, aggregateId: event.aggregateId, occurredAt: payload.cancelled_at, payload };
  }
  return null;
}

/**
 * The outbox rows for what a message recorded: the send command once it is queued — due at its send time when it is
 * scheduled, so the relay holds it until then — and its published events.
 */
export function toOutboxMessages(events: DomainEvent[]): OutboxMessage[] {
  return events.flatMap((event) => {
    if (event instanceof MessageQueued) return [sendMessageCommand(event.aggregateId)];
    if (event instanceof MessageScheduled) return [{ ...sendMessageCommand(event.aggregateId), availableAt: event.sendAt }];
    const published = toIntegrationEvent(event);
    return published ? [integrationEvent(published)] : [];
  });
}

/**
 * The messages among these events whose pending send command has nothing left to do (they were cancelled): it is
 * made due now, to be consumed as a no-op, rather than wait in the outbox for its send time and hold back the
 * message's later rows (the relay keeps an aggregate's rows in order).
 */
export function sendsToRelease(events: readonly DomainEvent[]): { type: string; aggregateIds: string[] } {
  return { type: SEND_MESSAGE, aggregateIds: events.filter((event) => event instanceof MessageCancelled).map((event) => event.aggregateId) };
}

/** The command that sends a message: written when it is queued or scheduled, and again when the send gate holds it back. */
export function sendMessageCommand(messageId: string): OutboxMessage {
  const payload: SendMessagePayload = { message_id: messageId, schema_version: 1 };
  return asyncCommand(SEND_MESSAGE, payload, { type: AGGREGATE_TYPE, id: messageId });
}
