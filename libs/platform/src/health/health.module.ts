import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseHealth } from './database.health';
import { HealthController } from './health.controller';
import { ReadinessChecks } from './readiness-checks';

@Global()
@Module({ imports: [TerminusModule], controllers: [HealthController], providers: [DatabaseHealth, ReadinessChecks], exports: [ReadinessChecks] })
export class HealthModule {}
