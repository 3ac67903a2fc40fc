import { Command } from '@nestjs/cqrs';
import { SessionView } from '../../queries/get-session/session.view';

/** Starts a QR pairing at the provider, which reports the pairing to our webhook when it can reach it. */
export class StartQrSessionCommand extends Command<SessionView> {
  constructor(
    readonly ownerId: string,
    readonly messenger: string,
  ) {
    super();
  }
}
