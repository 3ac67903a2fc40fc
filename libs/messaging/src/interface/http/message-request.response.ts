import { ApiProperty } from '@nestjs/swagger';
import { IMPORT_STATUSES } from '@app/importing';
import type { ImportStatus } from '@app/importing';

const ID = '0193a1c5-3e4f-7061-8b2c-d3e4f5a6b7c8';
const FILE_ID = '0193a1c4-0a1b-7c2d-9e3f-4a5b6c7d8e9f';
const CREATED_AT = '2026-12-01T09:33:00.000Z';
const UPDATED_AT = '2026-12-01T09:34:12.500Z';

export class MessageRequestErrorResponse {
  @ApiProperty({ example: 'missing_column', description: 'What stopped the whole request.' })
  code: string;

  @ApiProperty({ example: 'The file has no column "phone": its columns are Name, Mobile.' })
  message: string;
}

export class MessageRequestCountsResponse {
  @ApiProperty({ type: Number, nullable: true, example: 1000, description: 'Data rows in the file: known once it is staged, null before.' })
  rows: number | null;

  @ApiProperty({ example: 1000, description: 'Rows read from the file and staged so far.' })
  staged: number;

  @ApiProperty({ example: 600, description: 'Rows checked so far.' })
  processed: number;

  @ApiProperty({ example: 590, description: 'Rows that became a message.' })
  valid: number;

  @ApiProperty({ example: 10, description: 'Rows refused, each listed at …/errors.' })
  invalid: number;

  @ApiProperty({ example: 120, description: 'Messages waiting for their turn.' })
  queued: number;

  @ApiProperty({ example: 20, description: 'Messages being handed to the provider.' })
  sending: number;

  @ApiProperty({ example: 400, description: 'Messages the provider took.' })
  sent: number;

  @ApiProperty({ example: 45, description: 'Messages the provider says were delivered (or read).' })
  delivered: number;

  @ApiProperty({ example: 5, description: 'Messages that could not be sent.' })
  failed: number;
}

/** What every view of a message request shows. */
class MessageRequestBase {
  @ApiProperty({ format: 'uuid', example: ID })
  id: string;

  @ApiProperty({ format: 'uuid', example: FILE_ID })
  file_id: string;

  @ApiProperty({ example: 'messages' })
  import_type: string;

  @ApiProperty({
    enum: IMPORT_STATUSES,
    example: 'processing',
    description: 'The reading of the file: pending → staging → staged → processing → completed | completed_with_errors | failed | cancelled.',
  })
  status: ImportStatus;

  @ApiProperty({ format: 'date-time', example: CREATED_AT })
  created_at: string;

  @ApiProperty({ format: 'date-time', example: UPDATED_AT })
  updated_at: string;
}

/** A message request as the import that reads its file has it, without its messages: lists show it. */
export class MessageRequestSummaryResponse extends MessageRequestBase {
  @ApiProperty({ type: String, nullable: true, example: null, description: 'What stopped the whole request (`missing_column`, `legacy_xls`…), null otherwise.' })
  error_code: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  error: string | null;
}

/** A message request with its progress: `GET …/message-requests/{id}`, and each event of `…/{id}/events`. */
export class MessageRequestResponse extends MessageRequestBase {
  @ApiProperty({ example: false, description: 'True once nothing will change any more: the file is read and no message of it is still on its way.' })
  done: boolean;

  @ApiProperty({ type: MessageRequestCountsResponse })
  counts: MessageRequestCountsResponse;

  @ApiProperty({ example: 46.5, description: 'Rows finished (refused, or their message sent, delivered or failed) out of all rows; 0 until the rows are counted.' })
  percentage: number;

  @ApiProperty({ type: Number, nullable: true, example: 6.5, description: 'Rows finished a second since the request started.' })
  rate: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 83, description: 'Seconds left at that rate; null while unknown, 0 when done.' })
  eta_seconds: number | null;

  @ApiProperty({ type: MessageRequestErrorResponse, nullable: true, example: null, description: 'What stopped the whole request; row errors are at …/errors.' })
  error: MessageRequestErrorResponse | null;
}

export class MessageRequestRowErrorResponse {
  @ApiProperty({ example: 7, description: 'The row as a spreadsheet numbers it (the header is row 1).' })
  row: number;

  @ApiProperty({ type: String, nullable: true, example: 'phone', description: 'The column at fault, null for the row as a whole.' })
  column: string | null;

  @ApiProperty({ type: String, nullable: true, example: '555-CALL-NOW' })
  value: string | null;

  @ApiProperty({ example: 'invalid_recipient' })
  code: string;

  @ApiProperty({ example: 'Not a phone number in international form (+ and the country code).' })
  message: string;
}
