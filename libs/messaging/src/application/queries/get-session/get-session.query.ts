import { Query } from '@nestjs/cqrs';
import { SessionView } from './session.view';

/** One of the owner's sessions; a pending QR pairing is brought up to date with the provider first. */
export class GetSessionQuery extends Query<SessionView> {
  constructor(
    readonly ownerId: string,
    readonly sessionId: string,
  ) {
    super();
  }
}
