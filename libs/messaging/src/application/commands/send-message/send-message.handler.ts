import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { DomainError } from '@app/shared-kernel';
import { MessageNotFound } from '../../../domain/message.errors';
import { MessengerRegistry } from '../../messenger-registry';
import { MessageRepository } from '../../ports/message.repository';
import { SendMessageCommand } from './send-message.command';

@CommandHandler(SendMessageCommand)
export class SendMessageHandler implements ICommandHandler<SendMessageCommand> {
  constructor(
    private readonly messages: MessageRepository,
    private readonly messengers: MessengerRegistry,
  ) {}

  // why: a transient messenger error propagates and rolls back, so the dispatcher retries; a DomainError is
  // the provider's final refusal, so the message fails and that is committed instead of dead-lettered unseen.
  @Transactional()
  async execute({ messageId }: SendMessageCommand) {
    const message = await this.messages.findForUpdate(messageId);
    if (!message) throw new MessageNotFound(messageId);
    if (message.isSettled) return { id: message.id, status: message.status };
    const messenger = this.messengers.get(message.messenger);
    message.markSending();
    const { to, text, ownerId } = message.snapshot();
    try {
      const receipt = await messenger.send({ messageId: message.id, ownerId, to, text });
      message.markSent(receipt.providerMessageId);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      message.markFailed(error.message);
    }
    await this.messages.save(message);
    return { id: message.id, status: message.status };
  }
}
