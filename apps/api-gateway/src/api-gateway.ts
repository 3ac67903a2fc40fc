import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { configureHttpApp, fastifyAdapter, HttpSettings, PlatformSettings, Settings } from '@app/platform';
import { AppModule } from './app.module';
import { serveOpenApi } from './openapi';

export interface GatewayOptions {
  /** Let Nest close the app on SIGTERM/SIGINT; the all-in-one process handles signals itself. */
  shutdownHooks?: boolean;
  /** More modules in the same app: the all-in-one process adds the consumers and the relay. */
  imports?: DynamicModule['imports'];
}

/** The API gateway, configured but not yet listening. */
export async function createApiGateway(settings: Settings, options: GatewayOptions = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(settings, options.imports), fastifyAdapter(settings.get(HttpSettings).trustProxy), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  await configureHttpApp(app, { shutdownHooks: options.shutdownHooks ?? true });
  serveOpenApi(app, settings.get(PlatformSettings).version);
  return app;
}
