import { ApiProperty } from '@nestjs/swagger';

export class FileResponse {
  @ApiProperty({ format: 'uuid', example: '0193a1c4-2d3e-7f50-9a1b-c2d3e4f5a6b7' })
  id: string;

  @ApiProperty({ description: 'The name it was uploaded with.', example: 'recipients.csv' })
  name: string;

  @ApiProperty({ description: 'Bytes.', example: 2048 })
  size: number;

  @ApiProperty({ description: 'Read from the bytes, not from the upload.', example: 'text/csv' })
  content_type: string;

  @ApiProperty({ description: 'Hex SHA-256 of the bytes; also the ETag of its content.', example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' })
  sha256: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-01T09:32:00.000Z' })
  created_at: string;
}
