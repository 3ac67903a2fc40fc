import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Settings } from '@app/platform';
import { createHttpApp, HttpAppOptions } from '@app/composition';
import { AppModule } from './app.module';

/** The API gateway, configured but not yet listening. */
export function createApiGateway(settings: Settings, options: HttpAppOptions = {}): Promise<NestFastifyApplication> {
  return createHttpApp(AppModule.forRoot(settings), settings, options);
}
