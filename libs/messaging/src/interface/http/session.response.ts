import { ApiProperty } from '@nestjs/swagger';
import { toDataURL } from 'qrcode';
import { SESSION_STATUSES } from '../../domain/session.aggregate';
import type { SessionStatus } from '../../domain/session.aggregate';
import type { SessionView } from '../../application/queries/get-session/session.view';

class QrResponse {
  @ApiProperty({ example: 'data:image/png;base64,iVBORw0KGgo…', description: 'The current QR code as a PNG: scan it from the phone (WhatsApp → Linked devices).' })
  image: string;

  @ApiProperty({ type: String, nullable: true, example: 'WZYEH1YY', description: 'The code to type on the phone instead of scanning, where the provider gives one.' })
  pairing_code: string | null;
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
}

export class SessionPageResponse {
  @ApiProperty({ type: [SessionResponse] }) items: SessionResponse[];
  @ApiProperty({ type: String, nullable: true, example: null, description: 'Pass as ?cursor= for the next page; null on the last.' }) next_cursor: string | null;
}

export async function sessionResponse(view: SessionView): Promise<SessionResponse> {
  const qr = view.qr && { image: await toDataURL(view.qr.code, { errorCorrectionLevel: 'M', margin: 2 }), pairing_code: view.qr.pairing_code };
  return { ...view, qr };
}
