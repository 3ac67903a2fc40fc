import { Query } from '@nestjs/cqrs';
import { PrincipalView } from './principal.view';

/** Who owns this API key, if it exists and is not revoked. */
export class AuthenticateApiKeyQuery extends Query<PrincipalView | null> {
  constructor(readonly apiKey: string) {
    super();
  }
}
