import { ApiProperty } from '@nestjs/swagger';

export class UserIdResponse {
  @ApiProperty({ format: 'uuid', example: '0193a1c2-7e4b-7a51-9f0e-3c1d2b4a5e6f' })
  id: string;
}
