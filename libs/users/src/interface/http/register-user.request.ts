import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength, Validate } from 'class-validator';
import { StrongPassword } from './strong-password.constraint';

export class RegisterUserRequest {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be a valid email address' })
  email: string;

  @ApiProperty({ minLength: 10, maxLength: 128, description: 'At least 10 characters, not all of one kind, not a common password.' })
  @IsString()
  @MinLength(10)
  @MaxLength(128)
  @Validate(StrongPassword)
  password: string;
}
