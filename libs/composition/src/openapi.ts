import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_KEY_SECURITY, BEARER_SECURITY, HealthModule, OAUTH2_SECURITY } from '@app/platform';
import { HTTP_MODULES, HttpRoutesModule } from './http-routes.module';

/** The API's OpenAPI document, as `/docs-json` serves it and `npm run openapi` writes it to docs/openapi.json. */
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
  return SwaggerModule.createDocument(app, info, { include: [HttpRoutesModule, HealthModule, ...HTTP_MODULES] });
}

/** Swagger UI at `/docs`, the document at `/docs-json`. */
export function serveOpenApi(app: INestApplication, version: string): void {
  SwaggerModule.setup('docs', app, () => openApiDocument(app, version), { jsonDocumentUrl: 'docs-json', swaggerOptions: { persistAuthorization: true } });
}
