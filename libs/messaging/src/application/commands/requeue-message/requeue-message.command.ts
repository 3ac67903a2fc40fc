import { Command } from '@nestjs/cqrs';

/** An operator replays a message's dead-lettered send: it waits to be sent again, `queued`, saying why in its history. */
export class RequeueMessageCommand extends Command<void> {
  constructor(
    readonly messageId: string,
    readonly reason: string,
  ) {
    super();
  }
}
