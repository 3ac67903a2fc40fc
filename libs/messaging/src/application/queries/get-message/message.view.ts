import { MessageState, MessageStatus } from '../../../domain/message.aggregate';

export interface StatusChangeView {
  status: MessageStatus;
  at: string;
  detail: string | null;
}

export interface MessageSummaryView {
  id: string;
  messenger: string;
  to: string;
  text: string;
  status: MessageStatus;
  attempts: number;
  /** When the next attempt of a `retrying` message is due. */
  next_attempt_at: string | null;
  last_error: string | null;
  provider_message_id: string | null;
  idempotency_key: string | null;
  created_at: string;
  /** The session it is sent from; null for the sandbox. */
  session_id: string | null;
  /** Ids of the files sent with it. */
  attachments: string[];
  /** When it is to be sent, if it was scheduled; null: as soon as possible. */
  send_at: string | null;
  /** The message request (bulk import) it was queued by; null for a single message. */
  request_id: string | null;
}

export interface MessageView extends MessageSummaryView {
  /** Every status the message went through, oldest first. */
  history: StatusChangeView[];
}

/** The view of a message in a list: its state, without its history. */
export function messageSummaryView(state: Readonly<MessageState>): MessageSummaryView {
  return {
    id: state.id,
    messenger: state.messenger,
    to: state.to,
    text: state.text,
    status: state.status,
    attempts: state.attempts,
    next_attempt_at: state.nextAttemptAt?.toISOString() ?? null,
    last_error: state.lastError,
    provider_message_id: state.providerMessageId,
    idempotency_key: state.idempotencyKey,
    created_at: state.createdAt.toISOString(),
    session_id: state.sessionId,
    attachments: [...state.attachments],
    send_at: state.sendAt?.toISOString() ?? null,
    request_id: state.requestId,
  };
}

/** The one view of a message, whether just written (the 201 answer) or read back (GET): they cannot drift. */
export function messageView(state: Readonly<MessageState>): MessageView {
  return {
    ...messageSummaryView(state),
    history: state.history.map(({ status, at, detail }) => ({ status, at: at.toISOString(), detail: detail ?? null })),
  };
}
