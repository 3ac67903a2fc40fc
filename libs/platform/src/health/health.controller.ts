import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { DatabaseHealth } from './database.health';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: DatabaseHealth,
  ) {}

  /** The process is up and its event loop turns. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** The process can do its work: its database answers. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.db.ping()]);
  }
}
