import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ApiMessengerProperty } from './messenger-property';

export class QueueMessageRequest {
  @ApiMessengerProperty('The messenger to send through.')
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  messenger: string;

  @ApiProperty({ example: '+15550100', maxLength: 320, description: "The recipient's address on that messenger: phone, username or email." })
  @IsString()
  @MinLength(1)
  @MaxLength(320)
  @Matches(/^[^\p{Cc}]+$/u, { message: 'to must not contain control characters' })
  to: string;

  @ApiProperty({ example: 'Your code is 1234', minLength: 1, maxLength: 4096 })
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  text: string;
}
