import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { MessageNotFound } from '../../../domain/message.errors';
import { MessageRepository } from '../../ports/message.repository';
import { MessageView, messageView } from '../../queries/get-message/message.view';
import { CancelMessageCommand } from './cancel-message.command';

@CommandHandler(CancelMessageCommand)
export class CancelMessageHandler implements ICommandHandler<CancelMessageCommand> {
  constructor(private readonly messages: MessageRepository) {}

  // why: the message's lock orders this after a send that holds it: the send either took it first (then this is a
  // 409) or finds it cancelled and does nothing.
  @Transactional()
  async execute({ ownerId, messageId }: CancelMessageCommand): Promise<MessageView> {
    const message = await this.messages.findForUpdate(messageId);
    if (!message || message.ownerId !== ownerId) throw new MessageNotFound(messageId);
    message.cancel();
    await this.messages.save(message);
    return messageView(message.snapshot());
  }
}
