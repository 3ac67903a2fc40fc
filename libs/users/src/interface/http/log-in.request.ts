import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Equals, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';

/** JSON `{email, password}`, or an OAuth2 password-grant form (`username`, `password`, `grant_type=password`). */
export class LogInRequest {
  @ApiPropertyOptional({ example: 'ada@example.com' })
  @ValidateIf((body: LogInRequest) => body.username === undefined)
  @IsString({ message: 'email is required (or username, in an OAuth2 password form)' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ description: 'OAuth2 password grant: the email.' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  username?: string;

  @ApiProperty()
  @IsString()
  @MaxLength(128)
  password: string;

  @ApiPropertyOptional({ enum: ['password'] })
  @IsOptional()
  @Equals('password', { message: 'grant_type must be "password"' })
  grant_type?: string;

  @ApiPropertyOptional({ description: 'OAuth2 form field; ignored.' })
  @IsOptional()
  @IsString()
  scope?: string;

  @ApiPropertyOptional({ description: 'OAuth2 form field; ignored.' })
  @IsOptional()
  @IsString()
  client_id?: string;

  @ApiPropertyOptional({ description: 'OAuth2 form field; ignored.' })
  @IsOptional()
  @IsString()
  client_secret?: string;
}
