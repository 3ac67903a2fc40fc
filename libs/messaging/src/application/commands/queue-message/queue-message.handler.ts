import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Message } from '../../../domain/message.aggregate';
import { IdempotencyKeyReused } from '../../../domain/message.errors';
import { MessengerRegistry } from '../../messenger-registry';
import { MessageRepository } from '../../ports/message.repository';
import { QueueMessageCommand, QueuedMessage } from './queue-message.command';
import { requestHash } from './request-hash';

@CommandHandler(QueueMessageCommand)
export class QueueMessageHandler implements ICommandHandler<QueueMessageCommand> {
  constructor(
    private readonly messages: MessageRepository,
    private readonly messengers: MessengerRegistry,
  ) {}

  @Transactional()
  async execute({ ownerId, messenger, to, text, idempotencyKey }: QueueMessageCommand): Promise<QueuedMessage> {
    const name = this.messengers.nameOf(messenger);
    const hash = idempotencyKey === null ? null : requestHash({ messenger: name, to, text });
    if (idempotencyKey !== null) {
      const earlier = await this.messages.findByIdempotencyKey(ownerId, idempotencyKey);
      if (earlier && earlier.requestHash !== hash) throw new IdempotencyKeyReused(idempotencyKey);
      if (earlier) return { id: earlier.id, created: false };
    }
    const message = Message.queue({ ownerId, messenger: name, to, text, idempotencyKey, requestHash: hash });
    await this.messages.save(message);
    return { id: message.id, created: true };
  }
}
