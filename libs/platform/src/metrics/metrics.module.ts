import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics';

/** The process's metrics; their `/metrics` route is served on the operations port only (http/ops-app.ts). */
@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
