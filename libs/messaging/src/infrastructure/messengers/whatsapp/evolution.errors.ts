import { MessageRefused, ProviderUnavailable, SessionAuthRevoked } from '../../../domain/messenger.errors';
import { EvolutionAnswer, describeEvolutionError, evolutionMessage, retryAfterMs } from './evolution-api.client';

const LOGGED_OUT = /not connected|logged ?out|connection closed/i;

/** Evolution says the number has no WhatsApp account: `400 {response: {message: [{exists: false, number, jid}]}}`. */
function notOnWhatsapp(answer: EvolutionAnswer): { number?: string } | undefined {
  return evolutionMessage(answer.body).find((item): item is { exists: false; number?: string } => (item as { exists?: unknown } | null)?.exists === false);
}

/**
 * An Evolution error answer as one of the port's classified errors: `SessionAuthRevoked` when the instance is gone or
 * logged out, `MessageRefused` for a number not on WhatsApp or a request Evolution refuses, `ProviderUnavailable` for
 * rate limits (with `Retry-After`), 5xx and a refused API key (an operator's fix, so retried rather than failed).
 */
export function classifyEvolutionAnswer(answer: EvolutionAnswer, instance: string): Error {
  const detail = describeEvolutionError(answer);
  const missing = notOnWhatsapp(answer);
  if (missing) return new MessageRefused(`${missing.number ?? 'the recipient'} is not on WhatsApp`, 'not_on_whatsapp');
  if (answer.status === 404) return new SessionAuthRevoked(`the WhatsApp instance ${instance} no longer exists at the Evolution server (${detail})`, 'instance_not_found');
  if (answer.status === 400 || answer.status === 401 || answer.status === 403) {
    if (LOGGED_OUT.test(detail)) return new SessionAuthRevoked(`the WhatsApp instance ${instance} is logged out (${detail})`, 'instance_logged_out');
  }
  if (answer.status === 401 || answer.status === 403) {
    return new ProviderUnavailable(`the Evolution server refused EVOLUTION_API_KEY: check the setting (${detail})`, 'evolution_unauthorized');
  }
  if (answer.status === 429 || answer.status >= 500) return new ProviderUnavailable(detail, `http_${answer.status}`, retryAfterMs(answer.retryAfter));
  return new MessageRefused(detail, `http_${answer.status}`);
}

/** Whether a failure may mean the instance lost its WhatsApp connection (Baileys' `Connection Closed` comes back as a 500). */
export function mayBeLoggedOut(error: unknown): boolean {
  return error instanceof ProviderUnavailable && LOGGED_OUT.test(error.message);
}
