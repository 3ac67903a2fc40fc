const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
// why: SQLSTATE class 08 is "connection exception"; 57P01–57P03 are a server shutting down, crashed or still starting;
// 53300 is "too many connections". Each passes once the database is back, so the client should retry, not give up.
const SERVER_CODES = /^(08...|57P0[123]|53300)$/;
const PG_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Connection closed',
];

/** True when the error says PostgreSQL cannot be reached now (down, restarting, failing over, cut off), not that a query was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 4; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_CODES.test(code))) return true;
    if (PG_MESSAGES.some((message) => current instanceof Error && current.message.startsWith(message))) return true;
    current = (current as { driverError?: unknown; cause?: unknown }).driverError ?? (current as { cause?: unknown }).cause;
  }
  return false;
}
