import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { MessageReadModel } from '../../ports/message.read-model';
import { ListMessagesQuery } from './list-messages.query';

@QueryHandler(ListMessagesQuery)
export class ListMessagesHandler implements IQueryHandler<ListMessagesQuery> {
  constructor(private readonly messages: MessageReadModel) {}

  execute({ ownerId, filter }: ListMessagesQuery) {
    return this.messages.messages(ownerId, { status: filter.status, requestId: filter.requestId ?? null, after: filter.cursor, limit: filter.limit });
  }
}
