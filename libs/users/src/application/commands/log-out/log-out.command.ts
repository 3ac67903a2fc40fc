import { Command } from '@nestjs/cqrs';

/** Ends the caller's session: its refresh token and its access tokens stop working. */
export class LogOutCommand extends Command<void> {
  constructor(readonly sessionId: string) {
    super();
  }
}
