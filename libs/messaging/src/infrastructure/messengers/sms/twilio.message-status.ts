import { ProviderMessageStatus } from '../../../application/ports/messenger';

const STATUSES: Record<string, ProviderMessageStatus['status']> = {
  accepted: 'pending',
  scheduled: 'pending',
  queued: 'pending',
  sending: 'pending',
  sent: 'sent',
  partially_delivered: 'sent',
  delivered: 'delivered',
  read: 'read',
  failed: 'failed',
  undelivered: 'failed',
  canceled: 'failed',
};

/** A Twilio Message resource (`status`, `error_code`, `error_message`) as a provider status; null when it is not one. */
export function twilioMessageStatus(text: string): ProviderMessageStatus | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (body === null || typeof body !== 'object') return null;
  const { status, error_code: errorCode, error_message: errorMessage } = body as { status?: unknown; error_code?: unknown; error_message?: unknown };
  if (typeof status !== 'string' || !(status in STATUSES)) return null;
  return {
    status: STATUSES[status],
    errorCode: errorCode === null || errorCode === undefined ? null : String(errorCode),
    errorMessage: typeof errorMessage === 'string' ? errorMessage : null,
  };
}
