import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Message, type MessengerName } from '../../../domain/message.aggregate';
import { IdempotencyKeyReused } from '../../../domain/message.errors';
import { MessengerRegistry } from '../../messenger-registry';
import { MessageRepository } from '../../ports/message.repository';
import { messageView } from '../../queries/get-message/message.view';
import { QueueMessageCommand, QueuedMessage } from './queue-message.command';
import { requestHash } from './request-hash';

@CommandHandler(QueueMessageCommand)
export class QueueMessageHandler implements ICommandHandler<QueueMessageCommand> {
  constructor(
    private readonly messages: MessageRepository,
    private readonly messengers: MessengerRegistry,
  ) {}

  // why: without an Idempotency-Key the write is one statement (`add`), atomic on its own, so a transaction would
  // only add a BEGIN and a COMMIT round trip. With a key, its lock, the lookup and the write need one.
  async execute(command: QueueMessageCommand): Promise<QueuedMessage> {
    const { idempotencyKey } = command;
    const messenger = this.messengers.nameOf(command.messenger);
    return idempotencyKey === null ? this.queue(command, messenger) : this.queueOnce(command, messenger, idempotencyKey);
  }

  @Transactional()
  private async queueOnce(command: QueueMessageCommand, messenger: MessengerName, key: string): Promise<QueuedMessage> {
    const hash = requestHash({ messenger, to: command.to, text: command.text });
    const earlier = await this.messages.findByIdempotencyKey(command.ownerId, key);
    if (earlier && earlier.requestHash !== hash) throw new IdempotencyKeyReused(key);
    if (earlier) return { message: messageView(earlier.snapshot()), created: false };
    return this.queue(command, messenger, key, hash);
  }

  private async queue({ ownerId, to, text }: QueueMessageCommand, messenger: MessengerName, idempotencyKey: string | null = null, requestHash: string | null = null): Promise<QueuedMessage> {
    const message = Message.queue({ ownerId, messenger, to, text, idempotencyKey, requestHash });
    await this.messages.add(message);
    return { message: messageView(message.snapshot()), created: true };
  }
}
