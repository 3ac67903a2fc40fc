import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { SessionRepository } from '../../ports/session.repository';
import { ExpireSessionsCommand } from './expire-sessions.command';

@CommandHandler(ExpireSessionsCommand)
export class ExpireSessionsHandler implements ICommandHandler<ExpireSessionsCommand> {
  constructor(private readonly sessions: SessionRepository) {}

  async execute({ now }: ExpireSessionsCommand): Promise<{ expired: number }> {
    return { expired: await this.sessions.expireOverdue(now) };
  }
}
