import { ApiProperty } from '@nestjs/swagger';
import { MESSAGE_STATUSES } from '../../application/queries/list-messages/list-messages.query';
import type { MessageStatus } from '../../application/queries/list-messages/list-messages.query';

const CREATED_AT = '2026-12-01T09:33:00.000Z';

export class StatusChangeResponse {
  @ApiProperty({ enum: MESSAGE_STATUSES, example: 'queued' })
  status: MessageStatus;

  @ApiProperty({ format: 'date-time', example: CREATED_AT })
  at: string;

  @ApiProperty({ type: String, nullable: true, description: 'Why, where it says more than the status (a failure).', example: null })
  detail: string | null;
}

/** A message as lists show it: `MessageView` without its history. */
export class MessageSummaryResponse {
  @ApiProperty({ format: 'uuid', example: '0193a1c5-3e4f-7061-8b2c-d3e4f5a6b7c8' })
  id: string;

  @ApiProperty({ example: 'sandbox' })
  messenger: string;

  @ApiProperty({ example: '+15550100' })
  to: string;

  @ApiProperty({ example: 'Your code is 1234' })
  text: string;

  @ApiProperty({ enum: MESSAGE_STATUSES, example: 'queued' })
  status: MessageStatus;

  @ApiProperty({ description: 'Provider calls so far (attempts started).', example: 0 })
  attempts: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the next attempt of a `retrying` message is due.', example: null })
  next_attempt_at: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  last_error: string | null;

  @ApiProperty({ type: String, nullable: true, description: "The provider's id, once it took the message.", example: null })
  provider_message_id: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'order-7731-receipt' })
  idempotency_key: string | null;

  @ApiProperty({ format: 'date-time', example: CREATED_AT })
  created_at: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The session it is sent from; null for the sandbox.', example: null })
  session_id: string | null;

  @ApiProperty({ type: [String], description: 'Ids of the files sent with it.', example: [] })
  attachments: string[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it is to be sent, if it was scheduled; null: as soon as possible.', example: null })
  send_at: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The message request (bulk import) it was queued by; null for a single message.', example: null })
  request_id: string | null;
}

/** One message with its status history: `MessageView`, as the 201 of a send and `GET /messages/{id}` answer it. */
export class MessageResponse extends MessageSummaryResponse {
  @ApiProperty({ type: [StatusChangeResponse], description: 'Every status the message went through, oldest first.' })
  history: StatusChangeResponse[];
}
