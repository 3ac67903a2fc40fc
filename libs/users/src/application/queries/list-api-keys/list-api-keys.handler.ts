import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UserReadModel } from '../../ports/user.read-model';
import { ListApiKeysQuery } from './list-api-keys.query';

@QueryHandler(ListApiKeysQuery)
export class ListApiKeysHandler implements IQueryHandler<ListApiKeysQuery> {
  constructor(private readonly users: UserReadModel) {}

  execute({ ownerId, cursor, limit }: ListApiKeysQuery) {
    return this.users.apiKeys(ownerId, cursor, limit);
  }
}
