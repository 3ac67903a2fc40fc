import { Query } from '@nestjs/cqrs';
import { UserView } from './user.view';

export class GetCurrentUserQuery extends Query<UserView> {
  constructor(readonly userId: string) {
    super();
  }
}
