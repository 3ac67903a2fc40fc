import { Injectable, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DeadLetter, DeadLetters } from '@app/platform';
import { UUID_PATTERN } from '@app/shared-kernel';
import { RequeueMessageCommand } from '../../application/commands/requeue-message/requeue-message.command';
import { SendMessagePayload } from '../../contracts/send-message.command';
import { SEND_MESSAGE_QUEUE } from '../amqp/send-message.consumer';

/** A replayed send (`POST /v1/admin/dead-letters/:id/replay`) puts its message back to `queued`, in the replay's transaction. */
@Injectable()
export class ReplayedSendReaction implements OnModuleInit {
  constructor(
    private readonly deadLetters: DeadLetters,
    private readonly commands: CommandBus,
  ) {}

  onModuleInit(): void {
    this.deadLetters.onReplay(SEND_MESSAGE_QUEUE, (letter) => this.react(letter));
  }

  async react({ id, payload }: Pick<DeadLetter, 'payload'> & { id: string }): Promise<void> {
    const messageId = (payload as Partial<SendMessagePayload> | null)?.message_id;
    if (typeof messageId === 'string' && UUID_PATTERN.test(messageId)) {
      await this.commands.execute(new RequeueMessageCommand(messageId.toLowerCase(), `replayed from dead letter ${id}`));
    }
  }
}
