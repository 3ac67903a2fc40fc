import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { configureHttpApp, fastifyAdapter, HttpSettings, PlatformSettings, Settings } from '@app/platform';
import { serveOpenApi } from './openapi';

export interface HttpAppOptions {
  /** Let Nest close the app on SIGTERM/SIGINT; the all-in-one process handles signals itself. */
  shutdownHooks?: boolean;
}

/** An app that serves the HTTP API (the gateway, the all-in-one process), with its Swagger UI, configured but not yet listening. */
export async function createHttpApp(module: DynamicModule, settings: Settings, options: HttpAppOptions = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, fastifyAdapter(settings.get(HttpSettings).trustProxy), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  await configureHttpApp(app, { shutdownHooks: options.shutdownHooks ?? true });
  serveOpenApi(app, settings.get(PlatformSettings).version);
  return app;
}
