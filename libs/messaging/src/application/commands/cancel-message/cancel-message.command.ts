import { Command } from '@nestjs/cqrs';
import { MessageView } from '../../queries/get-message/message.view';

/** Cancels one of the owner's messages that no provider was handed yet; answers it as it now is. */
export class CancelMessageCommand extends Command<MessageView> {
  constructor(
    readonly ownerId: string,
    readonly messageId: string,
  ) {
    super();
  }
}
