import { Command } from '@nestjs/cqrs';
import { SessionView } from '../../queries/get-session/session.view';

/** Asks the messenger to send a login code to the account with this E.164 phone number. */
export class StartOtpSessionCommand extends Command<SessionView> {
  constructor(
    readonly ownerId: string,
    readonly messenger: string,
    readonly phone: string,
  ) {
    super();
  }
}
