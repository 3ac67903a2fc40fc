import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { MessengerRegistry } from '../../messenger-registry';
import { ListMessengersQuery } from './list-messengers.query';
import { messengerView, MessengerView } from './messenger.view';

@QueryHandler(ListMessengersQuery)
export class ListMessengersHandler implements IQueryHandler<ListMessengersQuery> {
  constructor(private readonly messengers: MessengerRegistry) {}

  async execute(): Promise<MessengerView[]> {
    return this.messengers.all().map((messenger) => messengerView(messenger.descriptor, messenger.unavailableReason));
  }
}
