import { ApiProperty } from '@nestjs/swagger';
import { CONNECT_STYLES, RECIPIENT_KINDS } from '../../application/ports/messenger-descriptor';
import type { ConnectStyle, RecipientKind } from '../../application/ports/messenger-descriptor';
import type { CredentialFieldView, MessengerView } from '../../application/queries/list-messengers/messenger.view';

class FeaturesResponse {
  @ApiProperty({ example: true }) text: boolean;
  @ApiProperty({ example: true, description: 'Attachments (files from /v1/files).' }) media: boolean;
  @ApiProperty({ example: false, description: 'HTML bodies.' }) html: boolean;
  @ApiProperty({ example: false }) delivery_receipts: boolean;
  @ApiProperty({ example: false }) read_receipts: boolean;
  @ApiProperty({ example: false, description: 'The provider reports replies.' }) inbound: boolean;
  @ApiProperty({ example: false, description: 'The provider honours our message id as an idempotency key.' }) provider_idempotency: boolean;
  @ApiProperty({ example: false, description: 'The provider can say whether a message it was handed was accepted.' }) status_lookup: boolean;
}

class MediaLimitsResponse {
  @ApiProperty({ type: [String], example: ['image/*', 'application/pdf'] }) types: string[];
  @ApiProperty({ example: 5_242_880 }) max_bytes: number;
  @ApiProperty({ example: 10 }) max_count: number;
}

class PaceResponse {
  @ApiProperty({ example: 60, description: 'Sends a minute from one session by default.' }) per_minute: number;
  @ApiProperty({ example: 0, description: 'Random wait added between two sends, up to this many ms.' }) jitter_ms: number;
}

class LimitsResponse {
  @ApiProperty({ example: 1_600 }) text_length: number;
  @ApiProperty({ type: MediaLimitsResponse, nullable: true, example: { types: ['image/jpeg', 'image/png', 'image/gif'], max_bytes: 5_242_880, max_count: 10 } }) media: MediaLimitsResponse | null;
  @ApiProperty({ type: PaceResponse, example: { per_minute: 60, jitter_ms: 0 } }) pace: PaceResponse;
}

class CredentialFieldResponse implements CredentialFieldView {
  @ApiProperty({ example: 'auth_token' }) name: string;
  @ApiProperty({ enum: ['string', 'integer', 'boolean'], example: 'string' }) type: 'string' | 'integer' | 'boolean';
  @ApiProperty({ example: true }) required: boolean;
  @ApiProperty({ example: true, description: 'Encrypted at rest, never returned, never logged.' }) secret: boolean;
  @ApiProperty({ example: 'The Auth Token of that account.' }) description: string;
  @ApiProperty({ nullable: true, oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }], example: null }) example: string | number | boolean | null;
}

/** A messenger's descriptor as discovery shows it. */
export class MessengerResponse implements MessengerView {
  @ApiProperty({ example: 'sms' }) name: string;
  @ApiProperty({ example: 'SMS (Twilio)' }) title: string;
  @ApiProperty({ enum: CONNECT_STYLES, example: 'credentials', description: 'How a session is connected: the route to use (none: no session needed).' }) connect: ConnectStyle;
  @ApiProperty({ example: false, description: 'otp: the account may ask for its two-step password after the code.' }) password_step: boolean;
  @ApiProperty({ enum: RECIPIENT_KINDS, isArray: true, example: ['phone'], description: 'What `to` may be.' }) recipients: RecipientKind[];
  @ApiProperty({ type: FeaturesResponse, example: { text: true, media: true, html: false, delivery_receipts: false, read_receipts: false, inbound: false, provider_idempotency: false, status_lookup: false } }) features: FeaturesResponse;
  @ApiProperty({ type: LimitsResponse, example: { text_length: 1_600, media: { types: ['image/jpeg'], max_bytes: 5_242_880, max_count: 10 }, pace: { per_minute: 60, jitter_ms: 0 } } }) limits: LimitsResponse;
  @ApiProperty({ type: [CredentialFieldResponse], example: [{ name: 'auth_token', type: 'string', required: true, secret: true, description: 'The Auth Token of that account.', example: null }], description: 'credentials: the fields of `credentials` in POST /v1/messaging/sessions/credentials.' })
  credentials: CredentialFieldResponse[];
  @ApiProperty({ example: true, description: 'This server can open sessions of it.' }) available: boolean;
  @ApiProperty({ nullable: true, type: String, example: null }) unavailable_reason: string | null;
}
