import { EnvReader } from '@app/platform';

export const DEFAULT_TWILIO_API_BASE_URL = 'https://api.twilio.com';

/** The `sms` adapter's server-wide settings; the account's own credentials come with each session. */
export class TwilioSettings {
  constructor(
    /** Twilio's REST API, or a Twilio-compatible provider's; no trailing slash. */
    readonly apiBaseUrl: string,
    readonly requestTimeoutMs: number,
    /** Where Twilio posts delivery status callbacks; null when the server has no public URL. */
    readonly statusCallbackUrl: string | null,
  ) {}

  /** Reads `TWILIO_API_BASE_URL`, `TWILIO_REQUEST_TIMEOUT` and `PUBLIC_BASE_URL`; a bad value throws `ConfigError` naming it. */
  static fromEnv(env: Record<string, string | undefined>): TwilioSettings {
    const read = new EnvReader(env);
    const apiBaseUrl = read.url('TWILIO_API_BASE_URL', ['https', 'http'], false) ?? DEFAULT_TWILIO_API_BASE_URL;
    const requestTimeoutMs = read.duration('TWILIO_REQUEST_TIMEOUT', '15s', 10);
    const publicBaseUrl = publicBaseUrlOf(env);
    return new TwilioSettings(withoutTrailingSlash(apiBaseUrl), requestTimeoutMs, publicBaseUrl ? `${publicBaseUrl}/v1/webhooks/twilio` : null);
  }
}

/** `PUBLIC_BASE_URL` (optional: where providers reach this server, such as https://missive.example.com), without a trailing slash. */
export function publicBaseUrlOf(env: Record<string, string | undefined>): string | null {
  const read = new EnvReader(env);
  const url = read.url('PUBLIC_BASE_URL', ['https', 'http'], false);
  return url ? withoutTrailingSlash(url) : null;
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
