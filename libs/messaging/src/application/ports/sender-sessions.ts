import { SenderSession } from './messenger';

/** A session's status as the send path needs it: only `active` sessions send. */
export type SenderSessionStatus = 'pending_code' | 'pending_password' | 'pending_qr' | 'active' | 'expired' | 'revoked' | 'failed';

export interface SenderSessionState {
  session: SenderSession;
  status: SenderSessionStatus;
}

/** The sessions messages are sent from, with their decrypted secrets: the send path's view of the sessions. */
export abstract class SenderSessions {
  /** The owner's session, whatever its status; null when there is none or it is another owner's. */
  abstract find(ownerId: string, sessionId: string): Promise<SenderSessionState | null>;
  /** Sessions by id, for the dispatcher; the ones that do not exist are left out. */
  abstract findMany(sessionIds: readonly string[]): Promise<Map<string, SenderSessionState>>;
  /** The account's credentials stopped working at the provider: the session turns `expired`, with the reason. */
  abstract markExpired(sessionId: string, reason: string): Promise<void>;
}
