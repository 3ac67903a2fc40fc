import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { ProviderUnavailable } from '../../../domain/messenger.errors';
import { SessionNotFound } from '../../../domain/session.errors';
import type { ConnectStep } from '../../ports/messenger';
import { SessionRepository } from '../../ports/session.repository';
import { SessionMessengers } from '../../session-messengers';
import { SessionSendingViews } from '../../send-gate/session-sending.view';
import { GetSessionQuery } from './get-session.query';
import { sessionView, SessionView } from './session.view';

// why: a query with writes: reading a session is when a pending one is found expired (lazily), and when a QR pairing
// asks the provider for its current QR, since providers without a reachable webhook only tell when asked.
@QueryHandler(GetSessionQuery)
export class GetSessionHandler implements IQueryHandler<GetSessionQuery> {
  constructor(
    private readonly messengers: SessionMessengers,
    private readonly sessions: SessionRepository,
    private readonly sending: SessionSendingViews,
  ) {}

  async execute(query: GetSessionQuery): Promise<SessionView> {
    const view = await this.current(query);
    return { ...view, ...(await this.sending.of(query.ownerId, query.sessionId)) };
  }

  private async current({ ownerId, sessionId }: GetSessionQuery): Promise<SessionView> {
    const session = await this.sessions.find(ownerId, sessionId);
    if (!session) throw new SessionNotFound(sessionId);
    if (session.expireIfDue()) await this.sessions.save(session);
    const messenger = this.messengers.of(session);
    if (session.status !== 'pending_qr' || !messenger.pollQr) return sessionView(session);
    let step: ConnectStep;
    try {
      step = await messenger.pollQr(session.secrets);
    } catch (error) {
      if (error instanceof ProviderUnavailable) return sessionView(session);
      throw error;
    }
    return this.apply(ownerId, sessionId, step);
  }

  @Transactional()
  private async apply(ownerId: string, sessionId: string, step: ConnectStep): Promise<SessionView> {
    const session = await this.sessions.find(ownerId, sessionId, true);
    if (!session) throw new SessionNotFound(sessionId);
    if (session.expireIfDue() || session.status !== 'pending_qr') {
      await this.sessions.save(session);
      return sessionView(session);
    }
    if (step.status === 'pending_qr') session.qrRotated(step.qr, step.state);
    if (step.status === 'active') session.qrScanned(step);
    await this.sessions.save(session);
    return sessionView(session);
  }
}
