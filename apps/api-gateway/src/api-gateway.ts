import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '@app/platform';
import { createHttpApp, HttpAppOptions } from '@app/composition';
import { AppModule } from './app.module';

/** The API gateway, configured but not yet listening. */
export function createApiGateway(config: AppConfig, options: HttpAppOptions = {}): Promise<NestFastifyApplication> {
  return createHttpApp(AppModule.forRoot(config), config, options);
}
