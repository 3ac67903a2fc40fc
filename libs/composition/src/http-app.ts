import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppConfig, configureHttpApp, fastifyAdapter } from '@app/platform';

export interface HttpAppOptions {
  /** Let Nest close the app on SIGTERM/SIGINT; the all-in-one process handles signals itself. */
  shutdownHooks?: boolean;
}

/** An app that serves the HTTP API (the gateway, the all-in-one process), configured but not yet listening. */
export async function createHttpApp(module: DynamicModule, config: AppConfig, options: HttpAppOptions = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, fastifyAdapter(config), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  await configureHttpApp(app, config, { shutdownHooks: options.shutdownHooks ?? true });
  return app;
}
