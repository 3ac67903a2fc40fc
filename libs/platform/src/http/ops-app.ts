import { DynamicModule, INestApplication, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { PlatformSettings } from '../config/platform.settings';
import { Metrics } from '../metrics/metrics';
import { MetricsController } from '../metrics/metrics.controller';
import { fastifyAdapter } from './http-app';
import { ProblemDetailsFilter } from './problem-details.filter';

@Module({})
class OpsModule {}

/**
 * A worker app (relay, dispatcher) with its small operations port: `/health/*` and `/metrics` on OPS_PORT,
 * for probes and scrapes. `beforeListen` connects its transports; Nest closes all on SIGTERM.
 */
export async function createOpsApp(
  module: DynamicModule,
  config: PlatformSettings,
  beforeListen: (app: INestApplication) => Promise<void> = async () => undefined,
): Promise<NestFastifyApplication> {
  const root: DynamicModule = { module: OpsModule, imports: [module], controllers: [MetricsController] };
  const app = await NestFactory.create<NestFastifyApplication>(root, fastifyAdapter(), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  await beforeListen(app);
  await app.listen(config.opsPort, config.host);
  return app;
}

/**
 * The operations port of an app whose main port is public (the gateway, the all-in-one process): `/metrics` on
 * OPS_PORT, where only Prometheus is let in, never on the API port. It stops with the app.
 */
@Injectable()
export class OpsServer implements OnApplicationShutdown {
  private server?: NestFastifyApplication;

  constructor(
    private readonly metrics: Metrics,
    private readonly config: PlatformSettings,
  ) {}

  /** Starts listening on OPS_PORT; answers its URL. */
  async listen(): Promise<string> {
    const module: DynamicModule = { module: OpsModule, controllers: [MetricsController], providers: [{ provide: Metrics, useValue: this.metrics }] };
    this.server = await NestFactory.create<NestFastifyApplication>(module, fastifyAdapter(), { logger: false, abortOnError: false });
    this.server.useGlobalFilters(new ProblemDetailsFilter());
    await this.server.listen(this.config.opsPort, this.config.host);
    return this.server.getUrl();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
  }
}
