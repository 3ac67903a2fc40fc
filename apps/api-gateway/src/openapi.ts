import { readFileSync } from 'node:fs';
import { VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { OpenAPIObject } from '@nestjs/swagger';
import { Settings } from '@app/platform';
import { openApiDocument } from '@app/composition';
import { documentMessengerNames, MESSENGER_NAMES } from '@app/messaging';
import { API_GATEWAY_SETTINGS } from './api-gateway.settings';
import { AppModule } from './app.module';

export { openApiDocument, serveOpenApi } from '@app/composition';

/**
 * The document of this source tree, for docs/openapi.json: the modules are assembled in preview mode, so nothing
 * is instantiated and nothing connects; the version is package.json's.
 */
export async function buildOpenApiDocument(): Promise<OpenAPIObject> {
  const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  // why: preview mode runs no provider, so these settings are only read, never used.
  const config = Settings.read({ DATABASE_URL: 'postgres://openapi@localhost/unused', JWT_SECRET: 'unused-by-the-openapi-document-only-read' }, API_GATEWAY_SETTINGS);
  const app = await NestFactory.create(AppModule.forRoot(config), new FastifyAdapter(), { preview: true, logger: false });
  app.enableVersioning({ type: VersioningType.URI });
  // why: preview mode builds no provider, so the registry never writes the messengers' names into the Swagger enums.
  documentMessengerNames(MESSENGER_NAMES);
  try {
    return openApiDocument(app, version);
  } finally {
    await app.close();
  }
}
