import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { hashSecret } from '../../opaque-token';
import { UserReadModel } from '../../ports/user.read-model';
import { AuthenticateApiKeyQuery } from './authenticate-api-key.query';
import { AuthenticateSessionQuery } from './authenticate-session.query';

@QueryHandler(AuthenticateSessionQuery)
export class AuthenticateSessionHandler implements IQueryHandler<AuthenticateSessionQuery> {
  constructor(private readonly users: UserReadModel) {}

  execute({ userId, sessionId }: AuthenticateSessionQuery) {
    return this.users.principalOfSession(userId, sessionId);
  }
}

@QueryHandler(AuthenticateApiKeyQuery)
export class AuthenticateApiKeyHandler implements IQueryHandler<AuthenticateApiKeyQuery> {
  constructor(private readonly users: UserReadModel) {}

  execute({ apiKey }: AuthenticateApiKeyQuery) {
    return this.users.principalOfApiKey(hashSecret(apiKey));
  }
}
