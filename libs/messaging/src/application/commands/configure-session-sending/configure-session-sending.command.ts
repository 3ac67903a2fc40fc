import { Command } from '@nestjs/cqrs';
import { SessionSendingChanges } from '../../ports/session-sending';

/** Sets a session's own pace and its fallback session (`PATCH /v1/messaging/sessions/:id`). */
export class ConfigureSessionSendingCommand extends Command<void> {
  constructor(
    readonly ownerId: string,
    readonly sessionId: string,
    readonly changes: SessionSendingChanges,
  ) {
    super();
  }
}
