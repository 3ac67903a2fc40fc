import type { LevelWithSilent } from 'pino';

/**
 * The level of the line pino-http writes when a request ends: `error` for a failure or a 5xx, `warn` for a 4xx, and
 * `debug` for the rest.
 */
export function requestLogLevel(statusCode: number, error?: Error): LevelWithSilent {
  // why: a line for every accepted request, at 3,000 requests/s, is as many lines as messages and a write per
  // request; the metrics already count and time every request by route and status. Failures keep their line, with
  // the correlation id; LOG_LEVEL=debug brings the others back.
  if (error || statusCode >= 500) return 'error';
  return statusCode >= 400 ? 'warn' : 'debug';
}
