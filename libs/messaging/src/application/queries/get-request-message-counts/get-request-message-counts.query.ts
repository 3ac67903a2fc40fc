import { Query } from '@nestjs/cqrs';
import { RequestMessageCounts } from './request-message-counts';

/** How far the caller's messages of one message request have gone; zeros when there are none (yet). */
export class GetRequestMessageCountsQuery extends Query<RequestMessageCounts> {
  constructor(
    readonly ownerId: string,
    readonly requestId: string,
  ) {
    super();
  }
}
