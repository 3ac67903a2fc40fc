/** Name (and routing key on `missive.commands`) of the async command that sends one queued message. */
export const SEND_MESSAGE = 'messaging.send-message';

/**
 * Payload of {@link SEND_MESSAGE}: which message to send. Written to the outbox when a message is queued;
 * its one handler sends the message through its messenger. Never changes shape (add a version beside it).
 */
export interface SendMessagePayload {
  message_id: string;
  schema_version: 1;
}
