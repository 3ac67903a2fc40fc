import { ApiProperty } from '@nestjs/swagger';

export class TokenPairResponse {
  @ApiProperty({ description: 'A JWT for "Authorization: Bearer …".', example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwMTkzYTFjMiJ9.c2lnbmF0dXJl' })
  access_token: string;

  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
  token_type: 'Bearer';

  @ApiProperty({ description: 'Seconds until the access token expires.', example: 900 })
  expires_in: number;

  @ApiProperty({ description: 'Works once, at POST /v1/users/auth/refresh.', example: '0193a1c2-8a10-7c3e-b2d4-5f6a7b8c9d0e.kQ3v9sX2pL7mN4rT8wY1zA5bC6dE0fG' })
  refresh_token: string;
}
