import { MessageRefused, ProviderUnavailable, SessionAuthRevoked } from '../../../domain/messenger.errors';
import { classifyTwilioFailure, classifyTwilioResponse, retryAfterMs } from './twilio.errors';

const body = (code: number, message: string, status: number) => JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

describe('classifyTwilioResponse', () => {
  it.each([
    [21211, "Invalid 'To' Phone Number"],
    [21614, "'To' number is not a valid mobile number"],
    [21610, 'Attempt to send to unsubscribed recipient'],
    [21408, 'Permission to send an SMS has not been enabled for the region indicated by the To number'],
  ])('refuses the message for good on %d, keeping the code and the text', (code, message) => {
    const error = classifyTwilioResponse(400, body(code, message, 400), null);

    expect(error).toBeInstanceOf(MessageRefused);
    expect(error).toMatchObject({ code: String(code), message: `sms: Twilio refused the message: ${message} (Twilio ${code}, HTTP 400)` });
  });

  it('refuses any other 4xx, with the HTTP status as code when the body has none', () => {
    expect(classifyTwilioResponse(403, body(20008, 'Resource not accessible with Test Account Credentials', 403), null)).toMatchObject({ code: '20008' });
    expect(classifyTwilioResponse(404, JSON.stringify({ message: 'gone' }), null)).toEqual(expect.objectContaining({ code: '404' }));
    expect(classifyTwilioResponse(404, JSON.stringify({ message: 'gone' }), null)).toBeInstanceOf(MessageRefused);
  });

  it('revokes the session on 401 and on 20003 whatever the status', () => {
    for (const [status, text] of [
      [401, body(20003, 'Authenticate', 401)],
      [403, body(20003, 'Authenticate', 403)],
      [401, '<html>Unauthorized</html>'],
    ] as const) {
      const error = classifyTwilioResponse(status, text, null);
      expect(error).toBeInstanceOf(SessionAuthRevoked);
    }
    expect(classifyTwilioResponse(401, body(20003, 'Authenticate', 401), null)).toMatchObject({ code: '20003' });
  });

  it("waits out a 429 for the Retry-After Twilio gives, in seconds or as a date", () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const seconds = classifyTwilioResponse(429, body(20429, 'Too Many Requests', 429), '7', now);
    const date = classifyTwilioResponse(429, body(20429, 'Too Many Requests', 429), 'Thu, 01 Jan 2026 00:00:30 GMT', now);

    expect(seconds).toBeInstanceOf(ProviderUnavailable);
    expect(seconds).toMatchObject({ code: '20429', retryAfterMs: 7_000 });
    expect(date).toMatchObject({ code: '20429', retryAfterMs: 30_000 });
  });

  it('retries 20429 under another status, and a 429 without Retry-After on the fixed schedule', () => {
    expect(classifyTwilioResponse(400, body(20429, 'Too Many Requests', 400), null)).toBeInstanceOf(ProviderUnavailable);
    expect(classifyTwilioResponse(429, '', null)).toMatchObject({ code: '429', retryAfterMs: null });
  });

  it('retries 5xx, with or without a JSON body', () => {
    expect(classifyTwilioResponse(500, body(20500, 'An internal server error has occurred', 500), null)).toMatchObject({ code: '20500' });
    expect(classifyTwilioResponse(503, '<html>Service Unavailable</html>', '3')).toMatchObject({ code: '503', retryAfterMs: 3_000 });
    expect(classifyTwilioResponse(502, 'Bad Gateway', null)).toBeInstanceOf(ProviderUnavailable);
  });

  it("retries a 4xx whose body is not Twilio's JSON (a proxy's page), rather than failing the message on it", () => {
    for (const text of ['<html>400 Bad Request</html>', '[1,2]', 'null', '']) {
      const error = classifyTwilioResponse(400, text, null);
      expect(error).toBeInstanceOf(ProviderUnavailable);
      expect(error.message).toContain('not Twilio');
    }
  });
});

describe('classifyTwilioFailure', () => {
  it('retries a timeout, naming the time it waited', () => {
    const error = classifyTwilioFailure(new DOMException('The operation was aborted due to timeout', 'TimeoutError'), 1_500);

    expect(error).toMatchObject({ code: 'timeout', message: 'sms: Twilio did not answer within 1500 ms' });
  });

  it("retries a connection refused or reset, with the socket's code", () => {
    const reset = new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });

    expect(classifyTwilioFailure(reset, 1_000)).toMatchObject({ code: 'ECONNRESET', message: 'sms: Twilio could not be reached: read ECONNRESET' });
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and dates, and nothing else', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('0', now)).toBe(0);
    expect(retryAfterMs(' 120 ', now)).toBe(120_000);
    expect(retryAfterMs('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });
});
