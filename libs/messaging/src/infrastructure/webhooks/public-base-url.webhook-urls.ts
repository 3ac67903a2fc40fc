import { EnvReader } from '@app/platform';
import { WebhookUrls } from '../../application/ports/webhook-urls';

/** Webhook addresses under `PUBLIC_BASE_URL` (optional: where providers reach this server, such as https://missive.example.com). */
export class PublicBaseUrlWebhookUrls extends WebhookUrls {
  private readonly base: string | null;

  constructor(env: Record<string, string | undefined> = process.env) {
    super();
    this.base = new EnvReader(env).url('PUBLIC_BASE_URL', ['http', 'https'], false)?.replace(/\/+$/, '') ?? null;
  }

  sessionWebhook(messenger: string, sessionId: string, token: string): string | null {
    if (!this.base) return null;
    return `${this.base}/v1/webhooks/${encodeURIComponent(messenger)}/${sessionId}?token=${encodeURIComponent(token)}`;
  }
}
