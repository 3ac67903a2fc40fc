import { Command } from '@nestjs/cqrs';
import { SessionView } from '../../queries/get-session/session.view';

/** Connects a `credentials` messenger: the credentials, already checked against its descriptor's fields, are checked at the provider. */
export class ConnectSessionCommand extends Command<SessionView> {
  constructor(
    readonly ownerId: string,
    readonly messenger: string,
    readonly credentials: Record<string, unknown>,
  ) {
    super();
  }
}
