import { ProviderUnavailable } from '../../../domain/messenger.errors';
import { EvolutionSettings } from './evolution.settings';

/** An answer of the Evolution server, its body parsed when it was JSON. */
export interface EvolutionAnswer {
  status: number;
  body: unknown;
  retryAfter: string | null;
}

/** Evolution's error body: `{status, error, response: {message}}`, `message` a string or an array. */
export function evolutionMessage(body: unknown): unknown[] {
  const message = (body as { response?: { message?: unknown } } | null)?.response?.message;
  if (message === undefined) return [];
  return Array.isArray(message) ? message : [message];
}

export function describeEvolutionError(answer: EvolutionAnswer): string {
  const texts = evolutionMessage(answer.body).map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
  return `Evolution API answered ${answer.status}${texts.length ? `: ${texts.join('; ')}` : ''}`;
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * The HTTP side of the Evolution API: the global `apikey` header, a timeout per request, JSON both ways. Network
 * failures, timeouts and answers that are not JSON are `ProviderUnavailable`; any HTTP status is handed back.
 */
export class EvolutionApiClient {
  constructor(private readonly settings: EvolutionSettings) {}

  async request(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<EvolutionAnswer> {
    const { url, apiKey, timeoutMs } = this.settings;
    let response: Response;
    try {
      response = await fetch(`${url}${path}`, {
        method,
        headers: { apikey: apiKey ?? '', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      throw new ProviderUnavailable(
        timedOut ? `Evolution API did not answer ${method} ${path} within ${timeoutMs} ms` : `Evolution API unreachable: ${(error as Error).message}`,
        timedOut ? 'timeout' : 'unreachable',
      );
    }
    return { status: response.status, body: await this.readJson(response, method, path), retryAfter: response.headers.get('retry-after') };
  }

  private async readJson(response: Response, method: string, path: string): Promise<unknown> {
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new ProviderUnavailable(`Evolution API broke off its answer to ${method} ${path}: ${(error as Error).message}`, 'timeout');
    }
    if (text === '') return null;
    try {
      return JSON.parse(text);
    } catch {
      throw new ProviderUnavailable(`Evolution API answered ${method} ${path} with ${response.status} and a body that is not JSON`, 'malformed_response', retryAfterMs(response.headers.get('retry-after')));
    }
  }
}
