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
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'telegram' }) messenger: string;
  @ApiProperty({ enum: SESSION_STATUSES }) status: SessionStatus;
  @ApiProperty({ type: String, nullable: true, description: "The account's address on the messenger (phone, email, sender number)." }) address: string | null;
  @ApiProperty({ type: String, nullable: true }) display_name: string | null;
  @ApiProperty({ type: QrResponse, nullable: true, description: 'pending_qr only: GET the session for the current one, as the provider rotates it.' }) qr: QrResponse | null;
  @ApiProperty({ type: Number, nullable: true, description: 'pending_code and pending_password: wrong codes or passwords left before the session is locked.' })
  attempts_left: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the session is expired, failed or revoked.' }) reason: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When a pending session expires.' }) expires_at: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

export class SessionPageResponse {
  @ApiProperty({ type: [SessionResponse] }) items: SessionResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= for the next page; null on the last.' }) next_cursor: string | null;
}

export async function sessionResponse(view: SessionView): Promise<SessionResponse> {
  const qr = view.qr && { image: await toDataURL(view.qr.code, { errorCorrectionLevel: 'M', margin: 2 }), pairing_code: view.qr.pairing_code };
  return { ...view, qr };
}
