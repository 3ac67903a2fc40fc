/** Routing key of {@link MessageCancelledV1}. */
export const MESSAGE_CANCELLED_V1 = 'messaging.message.cancelled.v1';

/**
 * Its owner cancelled a message before any provider was handed it (it was queued, scheduled, or waiting for a
 * retry): it will never be sent. Published once per message (at-least-once on the wire: subscribers deduplicate on
 * the outbox message id); never changes shape (add a v2 beside it).
 */
export interface MessageCancelledV1 {
  message_id: string;
  owner_id: string;
  messenger: string;
  to: string;
  cancelled_at: string;
}
