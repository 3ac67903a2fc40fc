import { Query } from '@nestjs/cqrs';
import { PrincipalView } from './principal.view';

/** Who holds this access token's session, if the session is still open. */
export class AuthenticateSessionQuery extends Query<PrincipalView | null> {
  constructor(
    readonly userId: string,
    readonly sessionId: string,
  ) {
    super();
  }
}
