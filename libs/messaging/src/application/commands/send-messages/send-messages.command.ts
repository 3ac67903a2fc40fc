import { Command } from '@nestjs/cqrs';

export interface MessageToSend {
  messageId: string;
  /** The correlation id the message's new outbox rows carry: that of the delivery that asked for the send. */
  correlationId: string | null;
}

/**
 * Sends queued messages through their messengers: what the dispatcher runs for a batch of `messaging.send-message`.
 * Answers the messages it could not settle, with why: a `DomainError` is final, anything else may pass later.
 */
export class SendMessagesCommand extends Command<Map<string, Error>> {
  constructor(readonly sends: readonly MessageToSend[]) {
    super();
  }
}
