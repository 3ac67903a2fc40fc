import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DomainError, UUID_PATTERN } from '@app/shared-kernel';
import { SendMessageCommand } from '../../application/commands/send-message/send-message.command';
import { SEND_MESSAGE, SendMessagePayload } from '../../contracts/send-message.command';

export const SEND_MESSAGE_QUEUE = 'dispatcher.messaging.send-message';

/** A malformed command: final, so the transport dead-letters it at once instead of retrying. */
export class InvalidSendMessagePayload extends DomainError {
  readonly kind = 'invalid';
  constructor(messageId: unknown) {
    super(`${SEND_MESSAGE} needs a uuid message_id, not ${String(JSON.stringify(messageId)).slice(0, 64)}.`);
  }
}

@Controller()
export class SendMessageConsumer {
  constructor(private readonly commands: CommandBus) {}

  @EventPattern(SEND_MESSAGE, { queue: SEND_MESSAGE_QUEUE })
  async sendMessage(@Payload() payload: Partial<SendMessagePayload> | null) {
    const messageId = payload?.message_id;
    if (typeof messageId !== 'string' || !UUID_PATTERN.test(messageId)) throw new InvalidSendMessagePayload(messageId);
    await this.commands.execute(new SendMessageCommand(messageId));
  }
}
