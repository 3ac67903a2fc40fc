import { ApiProperty } from '@nestjs/swagger';

export class DeadLetterResponse {
  @ApiProperty({ format: 'uuid', example: '0193a1c6-4f50-7172-9c3d-e4f5a6b7c8d9' })
  id: string;

  @ApiProperty({ description: 'The queue whose consumer gave up on it.', example: 'dispatcher.messaging.send-message' })
  queue: string;

  @ApiProperty({ type: String, nullable: true, description: 'The outbox id it was published with.', example: '0193a1c5-3e4f-7061-8b2c-d3e4f5a6b7c9' })
  message_id: string | null;

  @ApiProperty({ example: 'messaging.send-message' })
  type: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The message body as it was published.', example: { message_id: '0193a1c5-3e4f-7061-8b2c-d3e4f5a6b7c8', schema_version: 1 } })
  payload: unknown;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { 'x-attempt': 5 } })
  headers: Record<string, unknown>;

  @ApiProperty({ type: String, nullable: true, example: '0193a1c2-7e4b-7a51-9f0e-3c1d2b4a5e6f' })
  correlation_id: string | null;

  @ApiProperty({ example: 'provider answered 503 Service Unavailable' })
  error: string;

  @ApiProperty({ example: 5 })
  attempts: number;

  @ApiProperty({ format: 'date-time', example: '2026-12-01T09:45:00.000Z' })
  dead_at: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  replayed_at: string | null;
}

export class DeadLetterReplayResponse {
  @ApiProperty({ format: 'uuid', description: 'The dead letter.', example: '0193a1c6-4f50-7172-9c3d-e4f5a6b7c8d9' })
  id: string;

  @ApiProperty({ format: 'uuid', description: 'The outbox id of the new delivery.', example: '0193a1c7-5061-7283-8d4e-f5a6b7c8d9e0' })
  replayed_as: string;
}
