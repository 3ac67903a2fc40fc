import { ApiProperty, OmitType } from '@nestjs/swagger';

export class ApiKeyResponse {
  @ApiProperty({ format: 'uuid', example: '0193a1c3-1b2c-7d4e-8f90-a1b2c3d4e5f6' })
  id: string;

  @ApiProperty({ example: 'billing worker' })
  name: string;

  @ApiProperty({ description: 'The first characters of the key, to tell keys apart.', example: 'msv_kQ3v9sX2' })
  prefix: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-01T09:31:00.000Z' })
  created_at: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  revoked_at: string | null;
}

/** The key as created: the only answer that holds the key itself. */
export class CreatedApiKeyResponse extends OmitType(ApiKeyResponse, ['revoked_at'] as const) {
  @ApiProperty({ description: 'The key itself, shown this once; send it as X-Api-Key.', example: 'msv_kQ3v9sX2pL7mN4rT8wY1zA5bC6dE0fGhJ2kL' })
  key: string;
}
