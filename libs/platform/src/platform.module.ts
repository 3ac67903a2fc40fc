import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ConfigModule } from './config/config.module';
import { Settings } from './config/settings';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { OutboxModule } from './outbox/outbox.module';
import { PersistenceModule } from './persistence/persistence.module';

/** What every Missive process stands on: validated settings, JSON logs, PostgreSQL and transactions, the command and query buses (once), health. */
@Module({})
export class PlatformModule {
  static forRoot(settings: Settings): DynamicModule {
    return {
      module: PlatformModule,
      imports: [CqrsModule.forRoot(), ConfigModule.forRoot(settings), LoggingModule, PersistenceModule.forRoot(), MetricsModule, OutboxModule, HealthModule],
    };
  }
}
