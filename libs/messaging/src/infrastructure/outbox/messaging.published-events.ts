import { asyncCommand, integrationEvent, OutboxMessage } from '@app/platform';
import { DomainEvent, IntegrationEvent } from '@app/shared-kernel';
import { MESSAGE_SENT_V1, MessageSentV1 } from '../../contracts/message-sent.v1';
import { SEND_MESSAGE, SendMessagePayload } from '../../contracts/send-message.command';
import { MessageQueued } from '../../domain/message-queued.event';
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
  return null;
}

/** The outbox rows for what a message recorded: the send command once it is queued, and its published events. */
export function toOutboxMessages(events: DomainEvent[]): OutboxMessage[] {
  return events.flatMap((event) => {
    if (event instanceof MessageQueued) return [sendMessageCommand(event.aggregateId)];
    const published = toIntegrationEvent(event);
    return published ? [integrationEvent(published)] : [];
  });
}

/** The command that sends a message: written when it is queued, and again when the send gate holds it back. */
export function sendMessageCommand(messageId: string): OutboxMessage {
  const payload: SendMessagePayload = { message_id: messageId, schema_version: 1 };
  return asyncCommand(SEND_MESSAGE, payload, { type: AGGREGATE_TYPE, id: messageId });
}
