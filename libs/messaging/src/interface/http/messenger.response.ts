import { ApiProperty } from '@nestjs/swagger';
import { CONNECT_STYLES, RECIPIENT_KINDS } from '../../application/ports/messenger-descriptor';
import type { ConnectStyle, RecipientKind } from '../../application/ports/messenger-descriptor';
import type { CredentialFieldView, MessengerView } from '../../application/queries/list-messengers/messenger.view';

class FeaturesResponse {
  @ApiProperty() text: boolean;
  @ApiProperty({ description: 'Attachments (files from /v1/files).' }) media: boolean;
  @ApiProperty({ description: 'HTML bodies.' }) html: boolean;
  @ApiProperty() delivery_receipts: boolean;
  @ApiProperty() read_receipts: boolean;
  @ApiProperty({ description: 'The provider reports replies.' }) inbound: boolean;
  @ApiProperty({ description: 'The provider honours our message id as an idempotency key.' }) provider_idempotency: boolean;
  @ApiProperty({ description: 'The provider can say whether a message it was handed was accepted.' }) status_lookup: boolean;
}

class MediaLimitsResponse {
  @ApiProperty({ type: [String], example: ['image/*', 'application/pdf'] }) types: string[];
  @ApiProperty() max_bytes: number;
  @ApiProperty() max_count: number;
}

class PaceResponse {
  @ApiProperty({ description: 'Sends a minute from one session by default.' }) per_minute: number;
  @ApiProperty({ description: 'Random wait added between two sends, up to this many ms.' }) jitter_ms: number;
}

class LimitsResponse {
  @ApiProperty() text_length: number;
  @ApiProperty({ type: MediaLimitsResponse, nullable: true }) media: MediaLimitsResponse | null;
  @ApiProperty({ type: PaceResponse }) pace: PaceResponse;
}

class CredentialFieldResponse implements CredentialFieldView {
  @ApiProperty({ example: 'auth_token' }) name: string;
  @ApiProperty({ enum: ['string', 'integer', 'boolean'] }) type: 'string' | 'integer' | 'boolean';
  @ApiProperty() required: boolean;
  @ApiProperty({ description: 'Encrypted at rest, never returned, never logged.' }) secret: boolean;
  @ApiProperty() description: string;
  @ApiProperty({ nullable: true, oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] }) example: string | number | boolean | null;
}

/** A messenger's descriptor as discovery shows it. */
export class MessengerResponse implements MessengerView {
  @ApiProperty({ example: 'telegram' }) name: string;
  @ApiProperty({ example: 'Telegram (user account)' }) title: string;
  @ApiProperty({ enum: CONNECT_STYLES, description: 'How a session is connected: the route to use (none: no session needed).' }) connect: ConnectStyle;
  @ApiProperty({ description: 'otp: the account may ask for its two-step password after the code.' }) password_step: boolean;
  @ApiProperty({ enum: RECIPIENT_KINDS, isArray: true, description: 'What `to` may be.' }) recipients: RecipientKind[];
  @ApiProperty({ type: FeaturesResponse }) features: FeaturesResponse;
  @ApiProperty({ type: LimitsResponse }) limits: LimitsResponse;
  @ApiProperty({ type: [CredentialFieldResponse], description: 'credentials: the fields of `credentials` in POST /v1/messaging/sessions/credentials.' })
  credentials: CredentialFieldResponse[];
  @ApiProperty({ description: 'This server can open sessions of it.' }) available: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'set TELEGRAM_API_ID and TELEGRAM_API_HASH' }) unavailable_reason: string | null;
}
