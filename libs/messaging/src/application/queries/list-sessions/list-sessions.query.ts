import { Query } from '@nestjs/cqrs';
import { SessionView } from '../get-session/session.view';

export interface SessionPage {
  items: SessionView[];
  next_cursor: string | null;
}

/** The owner's sessions, newest first. */
export class ListSessionsQuery extends Query<SessionPage> {
  constructor(
    readonly ownerId: string,
    readonly cursor: string | null,
    readonly limit: number,
  ) {
    super();
  }
}
