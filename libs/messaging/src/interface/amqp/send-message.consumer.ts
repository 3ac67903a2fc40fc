import { Controller, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DeadLetters } from '@app/platform';
import { DomainError, UUID_PATTERN } from '@app/shared-kernel';
import { FailMessageCommand } from '../../application/commands/fail-message/fail-message.command';
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
export class SendMessageConsumer implements OnModuleInit {
  constructor(
    private readonly commands: CommandBus,
    private readonly deadLetters: DeadLetters,
  ) {}

  /** A send that was dead-lettered leaves its message `failed`, with the reason, instead of `queued` for ever. */
  onModuleInit(): void {
    this.deadLetters.onDeadLetter(SEND_MESSAGE_QUEUE, async ({ payload, error }) => {
      const messageId = (payload as Partial<SendMessagePayload> | null)?.message_id;
      if (typeof messageId === 'string' && UUID_PATTERN.test(messageId)) {
        await this.commands.execute(new FailMessageCommand(messageId, `dead-lettered: ${error}`));
      }
    });
  }

  @EventPattern(SEND_MESSAGE, { queue: SEND_MESSAGE_QUEUE })
  async sendMessage(@Payload() payload: Partial<SendMessagePayload> | null) {
    const messageId = payload?.message_id;
    if (typeof messageId !== 'string' || !UUID_PATTERN.test(messageId)) throw new InvalidSendMessagePayload(messageId);
    await this.commands.execute(new SendMessageCommand(messageId));
  }
}
