import { MessageStatus } from '../../../domain/message.aggregate';

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
  last_error: string | null;
  provider_message_id: string | null;
  idempotency_key: string | null;
  created_at: string;
}

export interface MessageView extends MessageSummaryView {
  /** Every status the message went through, oldest first. */
  history: StatusChangeView[];
}
