import { Command } from '@nestjs/cqrs';

/** Expires every pending session whose code or QR was not used in time. */
export class ExpireSessionsCommand extends Command<{ expired: number }> {
  constructor(readonly now: Date) {
    super();
  }
}
