import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageRequest } from '@app/platform';
import { MESSAGE_STATUSES } from '../../application/queries/list-messages/list-messages.query';
import type { MessageStatus } from '../../application/queries/list-messages/list-messages.query';

export class ListMessagesRequest extends PageRequest {
  @ApiPropertyOptional({ enum: MESSAGE_STATUSES })
  @IsOptional()
  @IsIn(MESSAGE_STATUSES)
  status?: MessageStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the messages of this message request.', example: '0190a5b2-7c1e-7a3b-9f4d-2b8c6e1a0f37' })
  @IsOptional()
  @IsUUID('all', { message: 'request must be a message request id (uuid)' })
  request?: string;
}
