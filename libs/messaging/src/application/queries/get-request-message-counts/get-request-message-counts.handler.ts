import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { RequestMessages } from '../../ports/request-messages';
import { GetRequestMessageCountsQuery } from './get-request-message-counts.query';

@QueryHandler(GetRequestMessageCountsQuery)
export class GetRequestMessageCountsHandler implements IQueryHandler<GetRequestMessageCountsQuery> {
  constructor(private readonly messages: RequestMessages) {}

  execute({ ownerId, requestId }: GetRequestMessageCountsQuery) {
    return this.messages.countsOf(ownerId, requestId);
  }
}
