import { Command } from '@nestjs/cqrs';
import { MessageStatus } from '../../../domain/message.aggregate';

/** Sends one queued message through its messenger: what the dispatcher runs for `messaging.send-message`. */
export class SendMessageCommand extends Command<{ id: string; status: MessageStatus }> {
  constructor(readonly messageId: string) {
    super();
  }
}
