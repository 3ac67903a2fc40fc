import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { ApiMessengerProperty } from './messenger-property';

const SEND_AT = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/;

export class QueueMessageRequest {
  @ApiMessengerProperty('The messenger to send through.')
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  messenger: string;

  @ApiProperty({
    example: '+15550100',
    maxLength: 320,
    description:
      "The recipient's address on that messenger, of one of the kinds its descriptor lists: a phone number in international form " +
      '(normalised to E.164), an email address (its domain lowercased), a Telegram @username or user id, a WhatsApp number.',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(320)
  @Matches(/^[^\p{Cc}]+$/u, { message: 'to must not contain control characters' })
  to: string;

  @ApiProperty({ example: 'Your code is 1234', minLength: 1, maxLength: 4096 })
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  text: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The session to send from: required for every messenger but the sandbox; an active one of yours, of that messenger.',
  })
  @IsOptional()
  @IsUUID()
  session_id?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: 20,
    description: "Ids of your files (POST /v1/files/upload) to send with the text, for messengers that take media, within their descriptor's limits.",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  attachments?: string[];

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-12-24T09:00:00+01:00',
    description:
      'When to send it: an ISO 8601 date-time with its offset (Z or ±hh:mm), later than now and at most 35 days ahead. ' +
      'The message is `scheduled` until then, and may be cancelled (POST /v1/messaging/messages/{id}/cancel). Leave it out to send now.',
  })
  @IsOptional()
  @IsString()
  @Matches(SEND_AT, { message: 'send_at must be an ISO 8601 date-time with an offset, like 2026-12-24T09:00:00+01:00 or 2026-12-24T08:00:00Z' })
  @IsISO8601({ strict: true }, { message: 'send_at must be a real date and time (ISO 8601)' })
  send_at?: string;
}
