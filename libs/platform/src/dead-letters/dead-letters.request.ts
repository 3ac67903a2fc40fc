import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

export class ListDeadLettersRequest {
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

  @ApiPropertyOptional({ description: 'The next_cursor of the previous page.' })
  @IsOptional()
  @IsUUID('all', { message: 'cursor must be a next_cursor returned by this list' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
