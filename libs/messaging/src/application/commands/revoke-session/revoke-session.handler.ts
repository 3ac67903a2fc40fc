import { Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { SessionNotFound } from '../../../domain/session.errors';
import { SessionRepository } from '../../ports/session.repository';
import { SessionMessengers } from '../../session-messengers';
import { RevokeSessionCommand } from './revoke-session.command';

@CommandHandler(RevokeSessionCommand)
export class RevokeSessionHandler implements ICommandHandler<RevokeSessionCommand> {
  private readonly logger = new Logger('RevokeSession');

  constructor(
    private readonly messengers: SessionMessengers,
    private readonly sessions: SessionRepository,
  ) {}

  async execute({ ownerId, sessionId }: RevokeSessionCommand): Promise<void> {
    const session = await this.sessions.find(ownerId, sessionId);
    if (!session) throw new SessionNotFound(sessionId);
    const messenger = this.messengers.of(session);
    const { id, messenger: name, address } = session.snapshot();
    if (session.status !== 'revoked' && messenger.logout && Object.keys(session.secrets).length) {
      // why: best effort: the owner wants the session gone even when the provider cannot be reached to say so.
      await messenger.logout({ id, ownerId, messenger: name, address, secrets: session.secrets }).catch((error: unknown) => {
        this.logger.warn(`logging session ${id} out at ${name} failed (${error instanceof Error ? error.name : 'error'}); revoking it here anyway`);
      });
    }
    await this.revoke(ownerId, sessionId);
  }

  @Transactional()
  private async revoke(ownerId: string, sessionId: string): Promise<void> {
    const session = await this.sessions.find(ownerId, sessionId, true);
    if (!session) throw new SessionNotFound(sessionId);
    session.revoke();
    await this.sessions.save(session);
  }
}
