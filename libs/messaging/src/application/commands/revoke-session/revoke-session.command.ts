import { Command } from '@nestjs/cqrs';

/** Logs the session's account out at the provider (best effort), then the session is `revoked`. */
export class RevokeSessionCommand extends Command<void> {
  constructor(
    readonly ownerId: string,
    readonly sessionId: string,
  ) {
    super();
  }
}
