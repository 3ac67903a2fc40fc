import { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { PlatformSettings } from '../config/platform.settings';
import { fastifyAdapter } from './http-app';
import { ProblemDetailsFilter } from './problem-details.filter';

/**
 * A worker app (relay, dispatcher) with its small operations port: `/health/*` (and later `/metrics`)
 * on OPS_PORT, for probes and scrapes. `beforeListen` connects its transports; Nest closes all on SIGTERM.
 */
export async function createOpsApp(
  module: DynamicModule,
  config: PlatformSettings,
  beforeListen: (app: INestApplication) => Promise<void> = async () => undefined,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, fastifyAdapter(), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  await beforeListen(app);
  await app.listen(config.opsPort, config.host);
  return app;
}
