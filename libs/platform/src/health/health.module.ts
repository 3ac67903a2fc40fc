import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseHealth } from './database.health';
import { HealthController } from './health.controller';

@Module({ imports: [TerminusModule], controllers: [HealthController], providers: [DatabaseHealth] })
export class HealthModule {}
