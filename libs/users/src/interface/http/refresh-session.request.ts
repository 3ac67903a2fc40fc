import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class RefreshSessionRequest {
  @ApiProperty({ description: 'The refresh token of the last login or refresh; each one works once.' })
  @IsString()
  @MaxLength(200)
  refresh_token: string;
}
