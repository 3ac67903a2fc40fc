/** Where providers reach this server's webhooks (`PUBLIC_BASE_URL`). */
export abstract class WebhookUrls {
  /** `…/v1/webhooks/<messenger>/<session id>?token=<secret>`, or null when no public address is set (the session then relies on polling). */
  abstract sessionWebhook(messenger: string, sessionId: string, token: string): string | null;
}
