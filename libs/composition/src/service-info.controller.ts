import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AppConfig, Public } from '@app/platform';

@ApiTags('service')
@Public()
@Controller()
export class ServiceInfoController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  @ApiOkResponse({ description: 'Service name, version and links to the docs and health endpoints.' })
  info() {
    return {
      name: this.config.serviceName,
      version: this.config.version,
      commit: this.config.commit ?? null,
      links: { docs: '/docs', openapi: '/docs-json', live: '/health/live', ready: '/health/ready', users: '/v1/users' },
    };
  }
}
