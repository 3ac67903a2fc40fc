import type { ImportView } from '@app/importing';
import { RequestMessageCounts } from '../../application/queries/get-request-message-counts/request-message-counts';

export interface MessageRequestCountsView extends RequestMessageCounts {
  /** Data rows in the file: known once it is staged, null before. */
  rows: number | null;
  staged: number;
  processed: number;
  /** Rows that became a message. */
  valid: number;
  /** Rows refused, each listed among the errors. */
  invalid: number;
}

/** A message request with its progress: the import that reads its file, and the messages it made. */
export interface MessageRequestView {
  id: string;
  file_id: string;
  import_type: string;
  status: ImportView['status'];
  /** True once nothing will change any more: the import is over and no message of it is still on its way. */
  done: boolean;
  counts: MessageRequestCountsView;
  /** Rows finished (refused, or their message sent, delivered or failed) out of all rows; 0 while the rows are not yet counted. */
  percentage: number;
  /** Rows finished a second since the request started; null before the first. */
  rate: number | null;
  /** Seconds left at that rate; null while unknown, 0 when done. */
  eta_seconds: number | null;
  error: { code: string; message: string } | null;
  created_at: string;
  updated_at: string;
}

const OVER = new Set<string>(['completed', 'completed_with_errors', 'failed', 'cancelled']);
const round1 = (value: number) => Math.round(value * 10) / 10;

export function messageRequestView(request: ImportView, messages: RequestMessageCounts, now: Date): MessageRequestView {
  const { rows, staged, processed, valid, invalid } = request.counts;
  const underway = messages.queued + messages.sending;
  const abandoned = request.status === 'failed' || request.status === 'cancelled';
  const done = OVER.has(request.status) && messages.sending === 0 && (abandoned || messages.queued === 0);
  const finished = rows === null ? 0 : Math.min(rows, Math.max(0, processed - underway));
  const seconds = (now.getTime() - Date.parse(request.created_at)) / 1000;
  const rate = finished > 0 && seconds > 0 ? round1(finished / seconds) : null;
  return {
    id: request.id,
    file_id: request.file_id,
    import_type: request.import_type,
    status: request.status,
    done,
    counts: { rows, staged, processed, valid, invalid, ...messages },
    percentage: done ? 100 : rows === null ? 0 : rows === 0 ? 100 : round1((100 * finished) / rows),
    rate,
    eta_seconds: done ? 0 : rows !== null && rate ? Math.ceil((rows - finished) / rate) : null,
    error: request.error_code ? { code: request.error_code, message: request.error ?? request.error_code } : null,
    created_at: request.created_at,
    updated_at: request.updated_at,
  };
}
