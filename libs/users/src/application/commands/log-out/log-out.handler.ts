import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { AuthSessionRepository } from '../../ports/auth-session.repository';
import { LogOutCommand } from './log-out.command';

@CommandHandler(LogOutCommand)
export class LogOutHandler implements ICommandHandler<LogOutCommand> {
  constructor(private readonly sessions: AuthSessionRepository) {}

  @Transactional()
  async execute({ sessionId }: LogOutCommand) {
    const session = await this.sessions.findForUpdate(sessionId);
    if (!session) return;
    session.revoke('logged out');
    await this.sessions.save(session);
  }
}
