import { Command } from '@nestjs/cqrs';
import { MessageView } from '../../queries/get-message/message.view';

export interface QueuedMessage {
  // why: the message as written, so the API answers without reading it back.
  message: MessageView;
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
    readonly sessionId: string | null = null,
    readonly attachments: readonly string[] = [],
    /** When to send it (scheduled); null: now. */
    readonly sendAt: Date | null = null,
  ) {
    super();
  }
}
