import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EventPattern, Payload } from '@nestjs/microservices';
import { BatchItem, ConsumedBatch } from '@app/platform';
import { DomainError, UUID_PATTERN } from '@app/shared-kernel';
import { SendMessagesCommand } from '../../application/commands/send-messages/send-messages.command';
import { SEND_MESSAGE, SendMessagePayload } from '../../contracts/send-message.command';

export const SEND_MESSAGE_QUEUE = 'dispatcher.messaging.send-message';
/** Sends taken from the queue at once, in one transaction and one call of the messenger's `sendMany`. */
export const SEND_MESSAGE_BATCH = 100;

/** A malformed command: final, so the transport dead-letters it at once instead of retrying. */
export class InvalidSendMessagePayload extends DomainError {
  readonly kind = 'invalid';
  constructor(messageId: unknown) {
    super(`${SEND_MESSAGE} needs a uuid message_id, not ${String(JSON.stringify(messageId)).slice(0, 64)}.`);
  }
}

type SendItem = BatchItem<Partial<SendMessagePayload> | null>;

@Controller()
export class SendMessageConsumer {
  constructor(private readonly commands: CommandBus) {}

  @EventPattern(SEND_MESSAGE, { queue: SEND_MESSAGE_QUEUE, batch: SEND_MESSAGE_BATCH })
  async sendMessages(@Payload() batch: ConsumedBatch<Partial<SendMessagePayload> | null>) {
    const sends: { item: SendItem; messageId: string }[] = [];
    for (const item of batch.items) {
      const messageId = item.payload?.message_id;
      if (typeof messageId === 'string' && UUID_PATTERN.test(messageId)) sends.push({ item, messageId: messageId.toLowerCase() });
      else batch.fail(item, new InvalidSendMessagePayload(messageId));
    }
    if (sends.length === 0) return;
    const failures = await this.commands.execute(new SendMessagesCommand(sends.map(({ item, messageId }) => ({ messageId, correlationId: item.correlationId }))));
    for (const { item, messageId } of sends) {
      const failure = failures.get(messageId);
      if (failure) batch.fail(item, failure);
    }
  }
}
