import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageRequest } from '../http/page.request';

export class ListDeadLettersRequest extends PageRequest {
  @ApiPropertyOptional({ example: 'dispatcher.messaging.send-message' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[\w.:-]+$/, { message: 'queue must be a queue name' })
  queue?: string;

  @ApiPropertyOptional({ description: 'Only those not replayed yet.' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'pending must be true or false' })
  pending?: boolean;

}
