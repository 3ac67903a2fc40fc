import { ApiProperty } from '@nestjs/swagger';

export class SandboxDeliveryResponse {
  @ApiProperty({ format: 'uuid', example: '0193a1c5-3e4f-7061-8b2c-d3e4f5a6b7c8' })
  message_id: string;

  @ApiProperty({ example: '+15550100' })
  to: string;

  @ApiProperty({ example: 'Your code is 1234' })
  text: string;

  @ApiProperty({ example: 'sandbox-0193a1c5-3e4f-7061-8b2c-d3e4f5a6b7c8' })
  provider_message_id: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-01T09:33:01.000Z' })
  accepted_at: string;

  @ApiProperty({ description: 'How many times the sandbox was called for this message: more than one shows a duplicate send.', example: 1 })
  calls: number;
}
