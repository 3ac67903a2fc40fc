import type { PaceOverride } from '../send-gate/pace';
import type { SenderSessionStatus } from './sender-sessions';

/** How a session sends, as the send gate and `PATCH /v1/messaging/sessions/:id` see it. */
export interface SessionSending {
  id: string;
  ownerId: string;
  messenger: string;
  status: SenderSessionStatus;
  pace: PaceOverride | null;
  fallbackSessionId: string | null;
}

/** What `PATCH` changes: a field left undefined stays; `null` takes the default back (or removes the fallback). */
export interface SessionSendingChanges {
  pace?: PaceOverride | null;
  fallbackSessionId?: string | null;
}

/** The sessions' sending settings: own pace and fallback. */
export abstract class SessionSendingSettings {
  /** Sessions by id (any owner: for the dispatcher); those that do not exist are left out. */
  abstract findMany(sessionIds: readonly string[]): Promise<Map<string, SessionSending>>;
  /** The owner's session; null when it is none of theirs. */
  abstract find(ownerId: string, sessionId: string): Promise<SessionSending | null>;
  abstract change(ownerId: string, sessionId: string, changes: SessionSendingChanges): Promise<void>;
}
