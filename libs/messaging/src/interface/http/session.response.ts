import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { toDataURL } from 'qrcode';
import { SESSION_STATUSES } from '../../domain/session.aggregate';
import type { SessionStatus } from '../../domain/session.aggregate';
import type { SessionView } from '../../application/queries/get-session/session.view';
import { BREAKER_STATES } from '../../application/ports/session-breakers';
import type { BreakerStateName } from '../../application/ports/session-breakers';

class QrResponse {
  @ApiProperty({ example: 'data:image/png;base64,iVBORw0KGgo…', description: 'The current QR code as a PNG: scan it from the phone (WhatsApp → Linked devices).' })
  image: string;

  @ApiProperty({ type: String, nullable: true, example: 'WZYEH1YY', description: 'The code to type on the phone instead of scanning, where the provider gives one.' })
  pairing_code: string | null;
}

class QuietHoursResponse {
  @ApiProperty({ example: '21:00' }) start: string;
  @ApiProperty({ example: '08:00' }) end: string;
  @ApiProperty({ example: 'Europe/Paris' }) timezone: string;
}

class PaceResponse {
  @ApiProperty({ example: 20, description: 'Sends a minute, at most.' }) per_minute: number;
  @ApiProperty({ example: 3_000, description: 'Up to this many milliseconds, at random, after each send.' }) jitter_ms: number;
  @ApiProperty({ type: Number, nullable: true, example: 500, description: 'Sends a UTC day; null: no cap.' }) daily_cap: number | null;
  @ApiProperty({ type: QuietHoursResponse, nullable: true, example: { start: '21:00', end: '08:00', timezone: 'Europe/Paris' } }) quiet_hours: QuietHoursResponse | null;
  @ApiProperty({ example: true, description: "True when the session has a pace of its own; false: all its messenger's defaults." }) custom: boolean;
}

class BreakerResponse {
  @ApiProperty({ enum: BREAKER_STATES, example: 'open', description: 'closed: sends go; open: none go (the fallback takes them, or they wait); half_open: one probe went.' })
  state: BreakerStateName;
  @ApiProperty({ example: 5, description: 'Retryable failures in a row.' }) failures: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-12-02T04:05:06.789Z' }) opened_at: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-12-02T04:05:36.789Z', description: 'When the next probe may go (open or half-open).' })
  probe_after: string | null;
}

/** A session as the API shows it; its secrets never. */
export class SessionResponse {
  @ApiProperty({ format: 'uuid', example: '01a234d3-80cc-747e-bb2e-075910323e99' }) id: string;
  @ApiProperty({ example: 'telegram' }) messenger: string;
  @ApiProperty({ enum: SESSION_STATUSES, example: 'pending_code' }) status: SessionStatus;
  @ApiProperty({ type: String, nullable: true, example: '+447911123456', description: "The account's address on the messenger (phone, email, sender number)." }) address: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Ana' }) display_name: string | null;
  @ApiProperty({ type: QrResponse, nullable: true, example: null, description: 'pending_qr only: GET the session for the current one, as the provider rotates it.' }) qr: QrResponse | null;
  @ApiProperty({ type: Number, nullable: true, example: 5, description: 'pending_code and pending_password: wrong codes or passwords left before the session is locked.' })
  attempts_left: number | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'Why the session is expired, failed or revoked.' }) reason: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-12-02T04:05:06.789Z', description: 'When a pending session expires.' }) expires_at: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-12-02T04:00:06.789Z' }) created_at: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-02T04:00:06.789Z' }) updated_at: string;
  @ApiPropertyOptional({ type: PaceResponse, example: { per_minute: 20, jitter_ms: 3_000, daily_cap: 500, quiet_hours: { start: '21:00', end: '08:00', timezone: 'Europe/Paris' }, custom: true }, description: 'GET of one session and PATCH only: the pace it sends at.' })
  pace?: PaceResponse;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, example: '01a234d3-80cc-747e-bb2e-075910323e9a', description: 'GET of one session and PATCH only: the session its messages go through when it is expired or its breaker open.' })
  fallback_session_id?: string | null;
  @ApiPropertyOptional({ type: BreakerResponse, example: { state: 'closed', failures: 0, opened_at: null, probe_after: null }, description: "GET of one session and PATCH only: its circuit breaker." })
  breaker?: BreakerResponse;
}

export class SessionPageResponse {
  @ApiProperty({ type: [SessionResponse] }) items: SessionResponse[];
  @ApiProperty({ type: String, nullable: true, example: null, description: 'Pass as ?cursor= for the next page; null on the last.' }) next_cursor: string | null;
}

export async function sessionResponse(view: SessionView): Promise<SessionResponse> {
  const qr = view.qr && { image: await toDataURL(view.qr.code, { errorCorrectionLevel: 'M', margin: 2 }), pairing_code: view.qr.pairing_code };
  return { ...view, qr };
}
