import { ApiProperty } from '@nestjs/swagger';

export class ServiceLinksResponse {
  @ApiProperty({ example: '/docs' })
  docs: string;

  @ApiProperty({ example: '/docs-json' })
  openapi: string;

  @ApiProperty({ example: '/health/live' })
  live: string;

  @ApiProperty({ example: '/health/ready' })
  ready: string;

  @ApiProperty({ example: '/v1/users' })
  users: string;
}

export class ServiceInfoResponse {
  @ApiProperty({ example: 'missive' })
  name: string;

  @ApiProperty({ example: '0.1.0' })
  version: string;

  @ApiProperty({ type: String, nullable: true, description: 'The commit the image was built from.', example: '0f5c2e1' })
  commit: string | null;

  @ApiProperty({ type: ServiceLinksResponse })
  links: ServiceLinksResponse;
}
