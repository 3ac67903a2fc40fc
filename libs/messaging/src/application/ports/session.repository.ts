import { Session } from '../../domain/session.aggregate';

/** The messenger sessions, their secrets encrypted at rest by the adapter. */
export abstract class SessionRepository {
  abstract add(session: Session): Promise<void>;
  abstract save(session: Session): Promise<void>;
  /** The owner's session (locked for update inside a transaction when `lock`); null when none or another owner's. */
  abstract find(ownerId: string, id: string, lock?: boolean): Promise<Session | null>;
  /** A session by id alone, for its provider's webhook, locked for update inside a transaction. */
  abstract findForWebhook(id: string): Promise<Session | null>;
  /** The owner's sessions, newest first, after the cursor. */
  abstract list(ownerId: string, after: string | null, limit: number): Promise<Session[]>;
  /** Expires every pending session whose time is up; answers how many. */
  abstract expireOverdue(now: Date): Promise<number>;
}
