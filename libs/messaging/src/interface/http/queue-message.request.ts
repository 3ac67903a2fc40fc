import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { ApiMessengerProperty } from './messenger-property';

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
}
