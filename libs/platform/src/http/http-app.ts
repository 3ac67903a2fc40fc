import type { IncomingMessage } from 'node:http';
import fastifyMultipart from '@fastify/multipart';
import { ValidationPipe, VersioningType } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { correlationIdOf } from '../logging/correlation-id';
import { Metrics } from '../metrics/metrics';
import { ProblemDetailsFilter } from './problem-details.filter';
import { ValidationProblem } from './validation.problem';

export const API_KEY_SECURITY = 'api-key';
export const BEARER_SECURITY = 'bearer';
export const OAUTH2_SECURITY = 'oauth2';

/** The Fastify adapter every HTTP app is created with. */
export function fastifyAdapter(trustProxy = false): FastifyAdapter {
  return new FastifyAdapter({
    trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: (req: IncomingMessage) => correlationIdOf(req),
    logger: false,
  });
}

/** Validation, problem+json errors, HTTP metrics, shutdown hooks: the same for every HTTP app. */
export async function configureHttpApp(app: NestFastifyApplication, options: { shutdownHooks: boolean }): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    correlationIdOf(request.raw, reply.raw);
    done();
  });
  const metrics = app.get(Metrics);
  fastify.addHook('onResponse', (request, reply, done) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
  // why: multipart bodies are not parsed up front: a route that takes files reads them as streams (request.parts()).
  await app.register(fastifyMultipart, { limits: { parts: 10, fields: 10, fieldSize: 64 * 1024, headerPairs: 100 } });
  app.enableVersioning({ type: VersioningType.URI });
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => ValidationProblem.fromValidationErrors(errors),
    }),
  );
  if (options.shutdownHooks) app.enableShutdownHooks();
}
