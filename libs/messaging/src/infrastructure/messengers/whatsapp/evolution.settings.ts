import { EnvReader } from '@app/platform';

/** Where the Evolution API v2 server is and how to talk to it; the adapter is unavailable while URL or key is unset. */
export class EvolutionSettings {
  constructor(
    readonly url: string | null,
    readonly apiKey: string | null,
    readonly timeoutMs: number,
  ) {}

  static fromEnv(env: Record<string, string | undefined> = process.env): EvolutionSettings {
    const read = new EnvReader(env);
    const url = read.url('EVOLUTION_API_URL', ['http', 'https'], false) ?? null;
    const apiKey = read.optionalString('EVOLUTION_API_KEY') ?? null;
    return new EvolutionSettings(url?.replace(/\/+$/, '') ?? null, apiKey, read.duration('EVOLUTION_TIMEOUT', '15s', 100));
  }

  get missing(): string | null {
    const unset = [!this.url && 'EVOLUTION_API_URL', !this.apiKey && 'EVOLUTION_API_KEY'].filter(Boolean);
    return unset.length ? `set ${unset.join(' and ')} to send through WhatsApp (an Evolution API v2 server)` : null;
  }
}
