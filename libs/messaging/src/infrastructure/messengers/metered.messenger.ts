import { Metrics } from '@app/platform';
import { DomainError } from '@app/shared-kernel';
import { Messenger, OutgoingMessage, ProviderReceipt } from '../../application/ports/messenger';

/** A messenger that times every send of the one it wraps: `missive_provider_request_duration_seconds`. */
export class MeteredMessenger extends Messenger {
  constructor(
    private readonly inner: Messenger,
    private readonly metrics: Metrics,
  ) {
    super();
  }

  get name() {
    return this.inner.name;
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
}
