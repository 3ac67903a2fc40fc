import { readFileSync } from 'node:fs';
import { INestApplication, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_KEY_SECURITY, BEARER_SECURITY, HealthModule, OAUTH2_SECURITY, Settings } from '@app/platform';
import { API_GATEWAY_SETTINGS } from './api-gateway.settings';
import { AppModule, HTTP_MODULES } from './app.module';

/** The gateway's OpenAPI document, as `/docs-json` serves it and `npm run openapi` writes it to docs/openapi.json. */
export function openApiDocument(app: INestApplication, version: string): OpenAPIObject {
  const info = new DocumentBuilder()
    .setTitle('Missive API')
    .setDescription(
      'Messages in, singly or in bulk, delivered through pluggable messengers; never lost, never sent twice. ' +
        'Every error is `application/problem+json` (RFC 9457) with a human `detail`.',
    )
    .setVersion(version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SECURITY)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, API_KEY_SECURITY)
    .addOAuth2({ type: 'oauth2', flows: { password: { tokenUrl: '/v1/users/auth/login', scopes: {} } } }, OAUTH2_SECURITY)
    .build();
  // why: only the HTTP modules are scanned. The all-in-one app also holds the message consumers, which are Nest
  // controllers too, and @Payload() is stored under the same key and index as @Body(): scanned, their payload
  // types (ConsumedBatch) would appear among the API's schemas.
  return SwaggerModule.createDocument(app, info, { include: [AppModule, HealthModule, ...HTTP_MODULES] });
}

/** Swagger UI at `/docs`, the document at `/docs-json`. */
export function serveOpenApi(app: INestApplication, version: string): void {
  SwaggerModule.setup('docs', app, () => openApiDocument(app, version), { jsonDocumentUrl: 'docs-json', swaggerOptions: { persistAuthorization: true } });
}

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
  try {
    return openApiDocument(app, version);
  } finally {
    await app.close();
  }
}
