import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UserNotFound } from '../../../domain/user.errors';
import { UserReadModel } from '../../ports/user.read-model';
import { GetCurrentUserQuery } from './get-current-user.query';

@QueryHandler(GetCurrentUserQuery)
export class GetCurrentUserHandler implements IQueryHandler<GetCurrentUserQuery> {
  constructor(private readonly users: UserReadModel) {}

  async execute({ userId }: GetCurrentUserQuery) {
    const user = await this.users.currentUser(userId);
    if (!user) throw new UserNotFound(userId);
    return user;
  }
}
