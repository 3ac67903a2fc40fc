import { Injectable, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DeadLetter, DeadLetters } from '@app/platform';
import { UUID_PATTERN } from '@app/shared-kernel';
import { FailMessageCommand } from '../../application/commands/fail-message/fail-message.command';
import { SendMessagePayload } from '../../contracts/send-message.command';
import { SEND_MESSAGE_QUEUE } from './send-message.consumer';

/** A send that was dead-lettered leaves its message `failed`, with the reason, instead of `queued` for ever. */
@Injectable()
export class DeadLetteredSendReaction implements OnModuleInit {
  constructor(
    private readonly deadLetters: DeadLetters,
    private readonly commands: CommandBus,
  ) {}

  onModuleInit(): void {
    this.deadLetters.onDeadLetter(SEND_MESSAGE_QUEUE, (letter) => this.react(letter));
  }

  async react({ payload, error }: Pick<DeadLetter, 'payload' | 'error'>): Promise<void> {
    const messageId = (payload as Partial<SendMessagePayload> | null)?.message_id;
    if (typeof messageId === 'string' && UUID_PATTERN.test(messageId)) {
      await this.commands.execute(new FailMessageCommand(messageId, `dead-lettered: ${error}`));
    }
  }
}
