import { Metrics } from '@app/platform';
import { DomainError } from '@app/shared-kernel';
import { Messenger, OutgoingMessage, ProviderReceipt } from '../../application/ports/messenger';

const CONNECTION_METHODS = ['startOtp', 'verifyCode', 'verifyPassword', 'startQr', 'pollQr', 'connectWithCredentials', 'readSessionWebhook', 'lookup', 'findSent', 'logout'] as const;

/**
 * A messenger that times every send of the one it wraps: `missive_provider_request_duration_seconds`, one observation
 * per message, which for `sendMany` is the time of the call that carried it. Connection steps go straight to the inner one.
 */
export class MeteredMessenger extends Messenger {
  constructor(
    private readonly inner: Messenger,
    private readonly metrics: Metrics,
  ) {
    super();
    for (const method of CONNECTION_METHODS) {
      const implementation = inner[method];
      if (implementation) Object.assign(this, { [method]: implementation.bind(inner) });
    }
  }

  get descriptor() {
    return this.inner.descriptor;
  }

  override get unavailableReason() {
    return this.inner.unavailableReason;
  }

  async send(message: OutgoingMessage): Promise<ProviderReceipt> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const receipt = await this.inner.send(message);
      this.metrics.providerCall(this.name, 'sent', seconds());
      return receipt;
    } catch (error) {
      this.metrics.providerCall(this.name, error instanceof DomainError ? 'refused' : 'error', seconds());
      throw error;
    }
  }

  override async sendMany(messages: readonly OutgoingMessage[]): Promise<(ProviderReceipt | Error)[]> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    let outcomes: (ProviderReceipt | Error)[];
    try {
      outcomes = await this.inner.sendMany(messages);
    } catch (error) {
      const elapsed = seconds();
      messages.forEach(() => this.metrics.providerCall(this.name, error instanceof DomainError ? 'refused' : 'error', elapsed));
      throw error;
    }
    const elapsed = seconds();
    for (const outcome of outcomes) {
      this.metrics.providerCall(this.name, !(outcome instanceof Error) ? 'sent' : outcome instanceof DomainError ? 'refused' : 'error', elapsed);
    }
    return outcomes;
  }
}
