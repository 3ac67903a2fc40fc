import { Command } from '@nestjs/cqrs';

export interface QueuedMessage {
  id: string;
  /** False when an earlier request with the same Idempotency-Key and body created it. */
  created: boolean;
}

export class QueueMessageCommand extends Command<QueuedMessage> {
  constructor(
    readonly ownerId: string,
    readonly messenger: string,
    readonly to: string,
    readonly text: string,
    readonly idempotencyKey: string | null,
  ) {
    super();
  }
}
