import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { FallbackNotAllowed, SessionChangeInvalid, SessionNotFound } from '../../../domain/session.errors';
import { SessionSendingSettings } from '../../ports/session-sending';
import { ConfigureSessionSendingCommand } from './configure-session-sending.command';

@CommandHandler(ConfigureSessionSendingCommand)
export class ConfigureSessionSendingHandler implements ICommandHandler<ConfigureSessionSendingCommand> {
  constructor(private readonly settings: SessionSendingSettings) {}

  // why: a fallback must be one of the owner's sessions (another user's is not found either), of the same messenger, not the session itself.
  @Transactional()
  async execute({ ownerId, sessionId, changes }: ConfigureSessionSendingCommand): Promise<void> {
    if (changes.pace === undefined && changes.fallbackSessionId === undefined) throw new SessionChangeInvalid('Nothing to change: send pace, fallback_session_id, or both.');
    const session = await this.settings.find(ownerId, sessionId);
    if (!session) throw new SessionNotFound(sessionId);
    const fallbackId = changes.fallbackSessionId;
    if (fallbackId) {
      if (fallbackId === sessionId) throw new FallbackNotAllowed(`Session ${sessionId} cannot be its own fallback.`);
      const fallback = await this.settings.find(ownerId, fallbackId);
      if (!fallback) throw new SessionNotFound(fallbackId);
      if (fallback.messenger !== session.messenger) {
        throw new FallbackNotAllowed(`A fallback must be a session of the same messenger (${session.messenger}); session ${fallbackId} is ${fallback.messenger}.`);
      }
    }
    await this.settings.change(ownerId, sessionId, changes);
  }
}
