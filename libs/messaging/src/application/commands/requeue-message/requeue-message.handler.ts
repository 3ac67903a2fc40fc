import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { MessageRepository } from '../../ports/message.repository';
import { RequeueMessageCommand } from './requeue-message.command';

@CommandHandler(RequeueMessageCommand)
export class RequeueMessageHandler implements ICommandHandler<RequeueMessageCommand> {
  constructor(private readonly messages: MessageRepository) {}

  // why: only a message the send gave up on goes back; one sent meanwhile (or being sent) is left as it is.
  @Transactional()
  async execute({ messageId, reason }: RequeueMessageCommand) {
    const message = await this.messages.findForUpdate(messageId);
    if (!message || !['failed', 'unknown', 'retrying'].includes(message.status)) return;
    message.requeue(reason);
    await this.messages.save(message);
  }
}
