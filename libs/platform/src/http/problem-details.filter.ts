import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, DomainErrorKind } from '@app/shared-kernel';
import { correlationIdOf } from '../logging/correlation-id';
import { isDatabaseUnavailable } from '../persistence/database-unavailable';
import { AlreadyExists, uniqueViolationOf } from '../persistence/unique-violation';
import { PROBLEM_CONTENT_TYPE, Problem, problem } from './problem';
import { ValidationProblem } from './validation.problem';

const STATUS_OF_KIND: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'unsupported-type': 415,
  'range-not-satisfiable': 416,
  unprocessable: 422,
};

/** Seconds a client is told to wait when the database is unreachable: a restart or a failover takes a few. */
const DATABASE_RETRY_AFTER_S = 2;

/** Every error leaves as `application/problem+json`; nothing internal leaks into a 500. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), error, this.logger);
  }
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: unknown, logger: Logger): void {
  const body = toProblem(error);
  body.instance = request.url;
  body.correlation_id = correlationIdOf(request.raw);
  if (body.status === 503) {
    logger.warn({ correlation_id: body.correlation_id }, `request refused: the database is unreachable (${(error as Error).message})`);
    void reply.header('Retry-After', String(DATABASE_RETRY_AFTER_S));
  } else if (body.status >= 500) logger.error({ err: error, correlation_id: body.correlation_id }, 'request failed');
  void reply.status(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

export function toProblem(error: unknown): Problem {
  if (error instanceof DomainError) {
    return problem(STATUS_OF_KIND[error.kind], error.message, { code: snakeCase(error.name) });
  }
  const violation = uniqueViolationOf(error);
  if (violation) return toProblem(new AlreadyExists(violation));
  if (error instanceof ValidationProblem) {
    return problem(400, error.message, { code: 'validation_failed', errors: error.errors });
  }
  if (error instanceof HttpException) {
    return problem(error.getStatus(), messageOf(error.getResponse(), error.message));
  }
  if (isDatabaseUnavailable(error)) {
    return problem(503, 'The database cannot be reached right now; retry after the time in Retry-After.', { code: 'database_unavailable' });
  }
  const status = statusOfFrameworkError(error);
  if (status) return problem(status, (error as Error).message, { code: (error as { code?: string }).code });
  return problem(500, 'An unexpected error occurred; it has been logged with this correlation id.');
}

function statusOfFrameworkError(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

function messageOf(response: string | object, fallback: string): string {
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : fallback;
}

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}
