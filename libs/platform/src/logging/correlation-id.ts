import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

const ACCEPTED = /^[\w.:@/+=-]{1,128}$/;
const CORRELATION = Symbol('missive.correlation-id');

type RequestWithId = IncomingMessage & { [CORRELATION]?: string; raw?: IncomingMessage };

/**
 * The request's correlation id: the caller's `X-Request-Id` or `X-Correlation-Id` when it is a sane
 * token, else a new UUID. Computed once per request and echoed in the response headers.
 */
export function correlationIdOf(request: IncomingMessage | { raw: IncomingMessage }, response?: ServerResponse): string {
  const req = ('raw' in request && request.raw ? request.raw : request) as RequestWithId;
  let id = req[CORRELATION];
  if (!id) {
    const offered = header(req, 'x-request-id') ?? header(req, 'x-correlation-id');
    id = offered && ACCEPTED.test(offered) ? offered : randomUUID();
    req[CORRELATION] = id;
  }
  if (response && !response.headersSent && !response.hasHeader('x-request-id')) {
    response.setHeader('X-Request-Id', id);
    response.setHeader('X-Correlation-Id', id);
  }
  return id;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
