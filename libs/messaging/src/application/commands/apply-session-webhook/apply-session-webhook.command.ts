import { Command } from '@nestjs/cqrs';

/** A provider's webhook about one session, with the token it was given for that session; `applied`: the events that changed it. */
export class ApplySessionWebhookCommand extends Command<{ applied: number }> {
  constructor(
    readonly messenger: string,
    readonly sessionId: string,
    readonly token: string | null,
    readonly body: unknown,
  ) {
    super();
  }
}
