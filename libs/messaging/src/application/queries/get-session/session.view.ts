import { MAX_ATTEMPTS, Session, SessionStatus } from '../../../domain/session.aggregate';
import type { SessionSendingView } from '../../send-gate/session-sending.view';

/**
 * A session as its owner sees it: never its secrets. `qr.code` is the provider's QR text, rendered to an image by the
 * HTTP layer. How it sends (pace, fallback, breaker) is on the view of one session (`GET /sessions/:id`, `PATCH`) only.
 */
export interface SessionView extends Partial<SessionSendingView> {
  id: string;
  messenger: string;
  status: SessionStatus;
  address: string | null;
  display_name: string | null;
  qr: { code: string; pairing_code: string | null } | null;
  attempts_left: number | null;
  reason: string | null;
  expires_at: string | null;
  created_at: string;
  updated_at: string;
}

export function sessionView(session: Session): SessionView {
  const s = session.snapshot();
  const counting = s.status === 'pending_code' || s.status === 'pending_password';
  return {
    id: s.id,
    messenger: s.messenger,
    status: s.status,
    address: s.address,
    display_name: s.displayName,
    qr: s.qr && { code: s.qr.code, pairing_code: s.qr.pairingCode },
    attempts_left: counting ? MAX_ATTEMPTS - s.attempts : null,
    reason: s.reason,
    expires_at: s.expiresAt?.toISOString() ?? null,
    created_at: s.createdAt.toISOString(),
    updated_at: s.updatedAt.toISOString(),
  };
}
