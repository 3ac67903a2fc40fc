import { ServiceUnavailableException } from '@nestjs/common';
import { ProviderUnavailable } from '../../domain/messenger.errors';

/** A connection step that needs the provider: its outage is a 503 saying to try again, not a 500. */
export async function providerStep<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!(error instanceof ProviderUnavailable)) throw error;
    const wait = error.retryAfterMs === null ? '' : ` in ${Math.ceil(error.retryAfterMs / 1000)} s`;
    throw new ServiceUnavailableException(`The provider could not take the request now (${error.message}); try again${wait}.`);
  }
}
