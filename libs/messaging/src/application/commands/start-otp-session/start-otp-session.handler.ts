import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Session } from '../../../domain/session.aggregate';
import { SessionRepository } from '../../ports/session.repository';
import { sessionView, SessionView } from '../../queries/get-session/session.view';
import { SessionMessengers } from '../../session-messengers';
import { StartOtpSessionCommand } from './start-otp-session.command';

@CommandHandler(StartOtpSessionCommand)
export class StartOtpSessionHandler implements ICommandHandler<StartOtpSessionCommand> {
  constructor(
    private readonly messengers: SessionMessengers,
    private readonly sessions: SessionRepository,
  ) {}

  async execute({ ownerId, messenger: name, phone }: StartOtpSessionCommand): Promise<SessionView> {
    const messenger = this.messengers.forNewSession(name, 'otp');
    const step = await this.messengers.step(messenger, 'startOtp')(phone);
    if (step.status !== 'pending_code') throw new Error(`the ${name} adapter answered ${step.status} to startOtp`);
    const session = Session.awaitingCode({ ownerId, messenger: name, address: phone, state: step.state });
    await this.sessions.add(session);
    return sessionView(session);
  }
}
