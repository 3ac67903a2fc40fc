import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PlatformSettings, Public } from '@app/platform';
import { ServiceInfoResponse } from './service-info.response';

@ApiTags('service')
@Public()
@Controller()
export class ServiceInfoController {
  constructor(private readonly config: PlatformSettings) {}

  @Get()
  @ApiOperation({ summary: 'Service name, version and links' })
  @ApiOkResponse({ description: 'Service name, version and links to the docs and health endpoints.', type: ServiceInfoResponse })
  info(): ServiceInfoResponse {
    return {
      name: this.config.serviceName,
      version: this.config.version,
      commit: this.config.commit ?? null,
      links: { docs: '/docs', openapi: '/docs-json', live: '/health/live', ready: '/health/ready', users: '/v1/users' },
    };
  }
}
