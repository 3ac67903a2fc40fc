import { Command } from '@nestjs/cqrs';

/** Gives up on a message: its send was dead-lettered after every attempt, or refused for good. */
export class FailMessageCommand extends Command<void> {
  constructor(
    readonly messageId: string,
    readonly reason: string,
  ) {
    super();
  }
}
