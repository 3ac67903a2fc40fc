import { MessageRefused, ProviderUnavailable, SessionAuthRevoked } from '../../../domain/messenger.errors';

/** The fields nodemailer puts on its errors (`NodemailerError`), read by shape. */
interface SmtpFailure {
  message?: string;
  code?: string;
  responseCode?: number;
  response?: string;
  originalCode?: string;
}

const AUTH_CODES = new Set(['EAUTH', 'ENOAUTH']);
const TLS_CODES = /^(ETLS|EREQUIRETLS|ERR_SSL_|ERR_TLS_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|CERT_)/;

/**
 * What a failed send means for the message: the login refused (535, `EAUTH`) revokes the session; any other 5xx
 * reply (550 mailbox unavailable, 553 bad address…) refuses the message for good with the SMTP code, except 503
 * (a command out of sequence: a new connection may do); a 4xx reply (451 greylisting, 421 closing) and a connection,
 * TLS or timeout failure are worth retrying.
 */
export function classifySmtpError(error: unknown): Error {
  const failure = read(error);
  const said = failure.response ?? failure.message ?? String(error);
  const { responseCode, code } = failure;
  if (responseCode === 535 || (code !== undefined && AUTH_CODES.has(code) && !(responseCode !== undefined && responseCode < 500))) {
    return new SessionAuthRevoked(`email: the SMTP server refused the login: ${said}`, String(responseCode ?? code));
  }
  if (responseCode !== undefined && responseCode >= 500 && responseCode !== 503) {
    return new MessageRefused(`email: the SMTP server refused the message: ${said}`, String(responseCode));
  }
  if (responseCode !== undefined && responseCode >= 400) return new ProviderUnavailable(`email: the SMTP server deferred the message: ${said}`, String(responseCode));
  return new ProviderUnavailable(`email: the SMTP server could not take the message: ${said}`, failure.originalCode ?? code ?? null);
}

/** Why an account's SMTP server refused a connection check, in words a user can act on. */
export function describeSmtpConnectFailure(error: unknown, server: string): string {
  const failure = read(error);
  const said = failure.response ?? failure.message ?? String(error);
  const codes = [failure.code, failure.originalCode].filter((code): code is string => code !== undefined);
  if (failure.responseCode === 535 || codes.some((code) => AUTH_CODES.has(code))) return `the SMTP server refused the login: ${said}`;
  if (codes.some((code) => TLS_CODES.test(code)) || /certificate|TLS|SSL/i.test(said)) return `TLS with ${server} failed: ${said}`;
  if (codes.includes('ETIMEDOUT')) return `${server} did not answer in time: ${said}`;
  if (failure.responseCode === undefined) return `${server} could not be reached: ${said}`;
  return `the SMTP server refused the connection: ${said}`;
}

function read(error: unknown): SmtpFailure {
  return error !== null && typeof error === 'object' ? (error as SmtpFailure) : { message: String(error) };
}
