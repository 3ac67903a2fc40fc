import { ApiProperty } from '@nestjs/swagger';

export class CurrentUserResponse {
  @ApiProperty({ format: 'uuid', example: '0193a1c2-7e4b-7a51-9f0e-3c1d2b4a5e6f' })
  id: string;

  @ApiProperty({ example: 'ada@example.com' })
  email: string;

  @ApiProperty({ enum: ['user', 'admin'], example: 'user' })
  role: 'user' | 'admin';

  @ApiProperty({ format: 'date-time', example: '2026-12-01T09:30:00.000Z' })
  created_at: string;
}
