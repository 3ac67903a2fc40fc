import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsObject, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { ApiMessengerProperty } from './messenger-property';

const E164 = /^\+[1-9]\d{6,14}$/;

/** A phone number in international form, to E.164 (`+44 20 7946 0958` → `+442079460958`); anything else is left for the validator to refuse. */
function toE164({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string') return value;
  const phone = parsePhoneNumberFromString(value.trim());
  return phone?.isValid() ? phone.number : value;
}

export class StartOtpSessionRequest {
  @ApiMessengerProperty('A messenger connected by a login code (connect: otp).')
  @IsString()
  @MaxLength(64)
  messenger: string;

  @ApiProperty({ example: '+12015550123', description: "The account's phone number in international form; normalised to E.164." })
  @Transform(toE164)
  @IsString()
  @Matches(E164, { message: 'phone must be a valid phone number in international form, such as +12015550123' })
  phone: string;
}

export class VerifySessionCodeRequest {
  @ApiProperty({ format: 'uuid', description: 'The id POST /v1/messaging/sessions/otp answered.' })
  @IsUUID('all')
  session_id: string;

  @ApiProperty({ example: '12345', description: 'The login code the messenger sent to the account.' })
  @IsString()
  @MinLength(1)
  @MaxLength(16)
  code: string;
}

export class VerifySessionPasswordRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  session_id: string;

  @ApiProperty({ description: "The account's two-step verification password; never stored." })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;
}

export class StartQrSessionRequest {
  @ApiMessengerProperty('A messenger connected by scanning a QR code (connect: qr).')
  @IsString()
  @MaxLength(64)
  messenger: string;
}

export class ConnectSessionRequest {
  @ApiMessengerProperty('A messenger connected by provider credentials (connect: credentials).')
  @IsString()
  @MaxLength(64)
  messenger: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { account_sid: 'AC0123456789abcdef0123456789abcdef', auth_token: '…', from: '+15550100' },
    description: "The messenger's credential fields, as GET /v1/messaging/sessions/messengers lists them; encrypted at rest, never returned.",
  })
  @IsObject()
  credentials: Record<string, unknown>;
}
