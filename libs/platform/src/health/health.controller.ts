import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { DatabaseHealth } from './database.health';
import { ReadinessChecks } from './readiness-checks';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: DatabaseHealth,
    private readonly checks: ReadinessChecks,
  ) {}

  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process is up and its event loop turns' })
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the database answers, and so does every dependency the contexts added (broker, storage)' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    try {
      return await this.health.check([() => this.db.ping(), ...this.checks.indicators()]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // why: terminus's body says which dependency is down; as a problem document it would say only "Service Unavailable".
      void reply.status(503);
      return error.getResponse();
    }
  }
}
