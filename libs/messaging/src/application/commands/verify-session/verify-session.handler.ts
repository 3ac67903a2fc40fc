import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { InvalidCode, InvalidPassword } from '../../../domain/messenger.errors';
import { MAX_ATTEMPTS, Session } from '../../../domain/session.aggregate';
import { SessionNotFound } from '../../../domain/session.errors';
import type { ConnectStep } from '../../ports/messenger';
import { SessionRepository } from '../../ports/session.repository';
import { sessionView, SessionView } from '../../queries/get-session/session.view';
import { SessionMessengers } from '../../session-messengers';
import { VerifySessionCommand } from './verify-session.command';

@CommandHandler(VerifySessionCommand)
export class VerifySessionHandler implements ICommandHandler<VerifySessionCommand> {
  constructor(
    private readonly messengers: SessionMessengers,
    private readonly sessions: SessionRepository,
  ) {}

  // why: the provider is asked with no transaction open; the answer is applied to the row locked afresh, so that two
  // wrong codes sent at once both count.
  async execute({ ownerId, sessionId, step, secret }: VerifySessionCommand): Promise<SessionView> {
    const session = await this.sessions.find(ownerId, sessionId);
    if (!session) throw new SessionNotFound(sessionId);
    if (session.expireIfDue()) await this.sessions.save(session);
    session.expect(step === 'code' ? 'pending_code' : 'pending_password');
    const messenger = this.messengers.of(session);
    const ask = this.messengers.step(messenger, step === 'code' ? 'verifyCode' : 'verifyPassword');
    let answer: ConnectStep;
    try {
      answer = await ask(session.secrets, secret);
    } catch (error) {
      if (!(error instanceof InvalidCode || error instanceof InvalidPassword)) throw error;
      const left = await this.rejected(ownerId, sessionId);
      const Wrong = step === 'code' ? InvalidCode : InvalidPassword;
      throw new Wrong(`The ${step} is wrong: ${left > 0 ? `${left} attempts left` : `after ${MAX_ATTEMPTS} wrong attempts the session is locked (failed); start a new one`}.`);
    }
    return this.accepted(ownerId, sessionId, step, answer);
  }

  @Transactional()
  private async accepted(ownerId: string, sessionId: string, step: 'code' | 'password', answer: ConnectStep): Promise<SessionView> {
    const session = await this.locked(ownerId, sessionId);
    if (answer.status === 'pending_password' && step === 'code') session.codeAccepted({ password: answer.state });
    else if (answer.status === 'active' && step === 'code') session.codeAccepted(answer);
    else if (answer.status === 'active') session.passwordAccepted(answer);
    else throw new Error(`the ${session.snapshot().messenger} adapter answered ${answer.status} to a ${step}`);
    await this.sessions.save(session);
    return sessionView(session);
  }

  // why: answers the attempts left rather than throwing, which would roll the count back.
  @Transactional()
  private async rejected(ownerId: string, sessionId: string): Promise<number> {
    const session = await this.locked(ownerId, sessionId);
    const left = session.attemptRejected();
    await this.sessions.save(session);
    return left;
  }

  private async locked(ownerId: string, sessionId: string): Promise<Session> {
    const session = await this.sessions.find(ownerId, sessionId, true);
    if (!session) throw new SessionNotFound(sessionId);
    return session;
  }
}
