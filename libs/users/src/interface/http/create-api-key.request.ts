import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class CreateApiKeyRequest {
  @ApiProperty({ example: 'billing worker', maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/^[^\p{Cc}]+$/u, { message: 'name must not contain control characters' })
  name: string;
}
