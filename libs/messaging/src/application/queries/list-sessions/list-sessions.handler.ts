import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { SessionRepository } from '../../ports/session.repository';
import { sessionView } from '../get-session/session.view';
import { ListSessionsQuery, SessionPage } from './list-sessions.query';

@QueryHandler(ListSessionsQuery)
export class ListSessionsHandler implements IQueryHandler<ListSessionsQuery> {
  constructor(private readonly sessions: SessionRepository) {}

  // why: a pending session past its time is shown expired here; the sweep (or reading it alone) stores that.
  async execute({ ownerId, cursor, limit }: ListSessionsQuery): Promise<SessionPage> {
    const sessions = await this.sessions.list(ownerId, cursor, limit + 1);
    const items = sessions.slice(0, limit).map((session) => {
      session.expireIfDue();
      return sessionView(session);
    });
    return { items, next_cursor: sessions.length > limit ? items[items.length - 1].id : null };
  }
}
