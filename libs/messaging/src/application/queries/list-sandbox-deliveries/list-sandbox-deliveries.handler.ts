import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { MessageReadModel } from '../../ports/message.read-model';
import { ListSandboxDeliveriesQuery } from './list-sandbox-deliveries.query';

@QueryHandler(ListSandboxDeliveriesQuery)
export class ListSandboxDeliveriesHandler implements IQueryHandler<ListSandboxDeliveriesQuery> {
  constructor(private readonly messages: MessageReadModel) {}

  execute({ ownerId, cursor, limit }: ListSandboxDeliveriesQuery) {
    return this.messages.sandboxDeliveries(ownerId, cursor, limit);
  }
}
