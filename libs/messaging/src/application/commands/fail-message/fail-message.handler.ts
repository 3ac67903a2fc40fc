import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { MessageRepository } from '../../ports/message.repository';
import { FailMessageCommand } from './fail-message.command';

@CommandHandler(FailMessageCommand)
export class FailMessageHandler implements ICommandHandler<FailMessageCommand> {
  constructor(private readonly messages: MessageRepository) {}

  @Transactional()
  async execute({ messageId, reason }: FailMessageCommand) {
    const message = await this.messages.findForUpdate(messageId);
    if (!message || message.isSettled || message.status === 'failed') return;
    message.markFailed(reason);
    await this.messages.save(message);
  }
}
