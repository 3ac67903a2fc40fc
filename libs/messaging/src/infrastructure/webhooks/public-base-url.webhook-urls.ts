import { WebhookUrls } from '../../application/ports/webhook-urls';

/** Webhook addresses under `PUBLIC_BASE_URL` (optional: where providers reach this server, such as https://missive.example.com). */
export class PublicBaseUrlWebhookUrls extends WebhookUrls {
  /** `base`: PUBLIC_BASE_URL without its trailing slash, or null when the server has none. */
  constructor(private readonly base: string | null) {
    super();
  }

  sessionWebhook(messenger: string, sessionId: string, token: string): string | null {
    if (!this.base) return null;
    return `${this.base}/v1/webhooks/${encodeURIComponent(messenger)}/${sessionId}?token=${encodeURIComponent(token)}`;
  }
}
