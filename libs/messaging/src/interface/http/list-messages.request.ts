import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageRequest } from '@app/platform';
import { MESSAGE_STATUSES } from '../../application/queries/list-messages/list-messages.query';
import type { MessageStatus } from '../../application/queries/list-messages/list-messages.query';

export class ListMessagesRequest extends PageRequest {
  @ApiPropertyOptional({ enum: MESSAGE_STATUSES })
  @IsOptional()
  @IsIn(MESSAGE_STATUSES)
  status?: MessageStatus;
}
