/** Routing key of {@link MessageSentV1}. */
export const MESSAGE_SENT_V1 = 'messaging.message.sent.v1';

/**
 * A messenger accepted a message: it left Missive. Published once per message (at-least-once on the wire:
 * subscribers deduplicate on the outbox message id); never changes shape (add a v2 beside it).
 */
export interface MessageSentV1 {
  message_id: string;
  owner_id: string;
  messenger: string;
  to: string;
  provider_message_id: string;
  sent_at: string;
}
