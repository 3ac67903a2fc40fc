import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Session } from '../../../domain/session.aggregate';
import { SessionRepository } from '../../ports/session.repository';
import { sessionView, SessionView } from '../../queries/get-session/session.view';
import { SessionMessengers } from '../../session-messengers';
import { ConnectSessionCommand } from './connect-session.command';
import { checkCredentials } from './credential-fields';

@CommandHandler(ConnectSessionCommand)
export class ConnectSessionHandler implements ICommandHandler<ConnectSessionCommand> {
  constructor(
    private readonly messengers: SessionMessengers,
    private readonly sessions: SessionRepository,
  ) {}

  async execute({ ownerId, messenger: name, credentials }: ConnectSessionCommand): Promise<SessionView> {
    const messenger = this.messengers.forNewSession(name, 'credentials');
    const checked = checkCredentials(messenger.descriptor.credentials, credentials);
    const step = await this.messengers.step(messenger, 'connectWithCredentials')(checked);
    if (step.status !== 'active') throw new Error(`the ${name} adapter answered ${step.status} to connectWithCredentials`);
    const session = Session.connected({ ownerId, messenger: name, secrets: step.secrets, address: step.address, displayName: step.displayName });
    await this.sessions.add(session);
    return sessionView(session);
  }
}
