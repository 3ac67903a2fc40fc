import { Command } from '@nestjs/cqrs';
import { SessionView } from '../../queries/get-session/session.view';

/** The login code (`step: 'code'`) or the two-step verification password (`step: 'password'`) of a pending session. */
export class VerifySessionCommand extends Command<SessionView> {
  constructor(
    readonly ownerId: string,
    readonly sessionId: string,
    readonly step: 'code' | 'password',
    readonly secret: string,
  ) {
    super();
  }
}
