import { MessageState, MessageStatus, StatusChange } from '../../domain/message.aggregate';

/** A message's columns as `messaging.messages m` gives them. */
export const MESSAGE_COLUMNS = `m.id, m.owner_id, m.messenger, m."to", m.text, m.status, m.attempts, m.next_attempt_at, m.attempted_at, m.last_error,
  m.provider_message_id, m.idempotency_key, m.request_hash, m.created_at, m.session_id, m.attachments, m.send_at, m.request_id`;

/** Its history, oldest first, as one JSON array of [status, at, detail]. */
export const MESSAGE_HISTORY = `(SELECT json_agg(json_build_array(e.status, e.at, e.detail) ORDER BY e.seq) FROM messaging.message_events e
   WHERE e.owner_id = m.owner_id AND e.message_id = m.id) AS history`;

export interface MessageRow {
  id: string;
  owner_id: string;
  messenger: MessageState['messenger'];
  to: string;
  text: string;
  status: MessageStatus;
  attempts: number;
  next_attempt_at: Date | null;
  attempted_at: Date | null;
  last_error: string | null;
  provider_message_id: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
  created_at: Date;
  session_id: string | null;
  attachments: string[];
  send_at: Date | null;
  request_id: string | null;
  /** Absent where the statement did not read it. */
  history?: [MessageStatus, string, string | null][] | null;
}

export function fromRow(row: MessageRow): MessageState {
  const history = (row.history ?? []).map(([status, at, detail]): StatusChange => (detail === null ? { status, at: new Date(at) } : { status, at: new Date(at), detail }));
  return {
    id: row.id,
    ownerId: row.owner_id,
    messenger: row.messenger,
    to: row.to,
    text: row.text,
    sessionId: row.session_id,
    attachments: row.attachments,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    attemptedAt: row.attempted_at,
    lastError: row.last_error,
    providerMessageId: row.provider_message_id,
    idempotencyKey: row.idempotency_key,
    requestHash: row.request_hash,
    requestId: row.request_id ?? null,
    createdAt: row.created_at,
    sendAt: row.send_at,
    history,
  };
}
