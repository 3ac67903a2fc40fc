import { Query } from '@nestjs/cqrs';
import { MESSAGE_STATUSES, MessageStatus } from '../../../domain/message.aggregate';
import { Page } from '@app/shared-kernel';
import { MessageSummaryView } from '../get-message/message.view';

export { MESSAGE_STATUSES };
export type { MessageStatus };

export class ListMessagesQuery extends Query<Page<MessageSummaryView>> {
  constructor(
    readonly ownerId: string,
    readonly filter: { status: MessageStatus | null; requestId?: string | null; cursor: string | null; limit: number },
  ) {
    super();
  }
}
