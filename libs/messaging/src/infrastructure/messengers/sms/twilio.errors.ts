import { MessageRefused, ProviderUnavailable, SessionAuthRevoked } from '../../../domain/messenger.errors';

/** The error body of Twilio's REST API (as twilio-node's `RestException` reads it). */
export interface TwilioErrorBody {
  code?: number;
  message?: string;
  more_info?: string;
  status?: number;
}

const RATE_LIMITED = 20429;
const AUTHENTICATE = 20003;

/**
 * What a non-2xx answer of Twilio means for the message: `ProviderUnavailable` (429 / 20429 with its `Retry-After`,
 * 5xx, a body that is not Twilio's JSON — a proxy's error page), `SessionAuthRevoked` (401 / 20003), or
 * `MessageRefused` with Twilio's code for every other 4xx (21211 invalid To, 21614 not a mobile number, 21610
 * unsubscribed, 21408 region not enabled…).
 */
export function classifyTwilioResponse(status: number, text: string, retryAfter: string | null, now = Date.now()): Error {
  const { body, code, said } = readTwilioAnswer(status, text);
  if (status === 429 || code === RATE_LIMITED) {
    return new ProviderUnavailable(`sms: Twilio is rate limiting: ${said}`, String(code ?? status), retryAfterMs(retryAfter, now));
  }
  if (status >= 500) return new ProviderUnavailable(`sms: Twilio failed: ${said}`, String(code ?? status), retryAfterMs(retryAfter, now));
  if (status === 401 || code === AUTHENTICATE) return new SessionAuthRevoked(`sms: Twilio refused the credentials: ${said}`, String(code ?? status));
  if (!body) return new ProviderUnavailable(`sms: Twilio answered HTTP ${status} with a body that is not Twilio's JSON`, String(status));
  return new MessageRefused(`sms: Twilio refused the message: ${said}`, String(code ?? status));
}

/** Twilio's error body when it is one, its code, and what it said in a few words: `Authenticate (Twilio 20003, HTTP 401)`. */
export function readTwilioAnswer(status: number, text: string): { body: TwilioErrorBody | null; code: number | null; said: string } {
  const body = parseErrorBody(text);
  const code = typeof body?.code === 'number' ? body.code : null;
  const said = body?.message ? `${body.message} (Twilio ${code ?? 'error'}, HTTP ${status})` : `HTTP ${status}`;
  return { body, code, said };
}

/** A request that got no answer: a timeout, a connection refused or reset; all worth retrying. */
export function classifyTwilioFailure(error: unknown, timeoutMs: number): ProviderUnavailable {
  // why: fetch's errors come from node's own realm, so they are no `instanceof Error` under jest's vm: read them by shape.
  const { name, message, cause } = (error ?? {}) as { name?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ProviderUnavailable(`sms: Twilio did not answer within ${timeoutMs} ms`, 'timeout');
  }
  const code = typeof cause?.code === 'string' ? cause.code : null;
  return new ProviderUnavailable(`sms: Twilio could not be reached: ${String(cause?.message ?? message ?? error)}`, code);
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1_000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function parseErrorBody(text: string): TwilioErrorBody | null {
  try {
    const body: unknown = JSON.parse(text);
    return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as TwilioErrorBody) : null;
  } catch {
    return null;
  }
}
