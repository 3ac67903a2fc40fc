import { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { fastifyAdapter } from './http-app';
import { ProblemDetailsFilter } from './problem-details.filter';

/**
 * A worker app (relay, dispatcher) with its small operations port: `/health/*` (and later `/metrics`)
 * on OPS_PORT, for probes and scrapes. `beforeListen` connects its transports; Nest closes all on SIGTERM.
 */
export async function createOpsApp(
  module: DynamicModule,
  config: AppConfig,
  beforeListen: (app: INestApplication) => Promise<void> = async () => undefined,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, fastifyAdapter(config), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  await beforeListen(app);
  await app.listen(config.opsPort, config.host);
  return app;
}
