import { ConfigError } from './config.error';

const DURATION = /^(\d+)\s*(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const BYTE_SIZE = /^(\d+)\s*(b|kb|kib|mb|mib|gb|gib|tb|tib)?$/i;
const UNIT_BYTES: Record<string, number> = { b: 1, kb: 1e3, kib: 2 ** 10, mb: 1e6, mib: 2 ** 20, gb: 1e9, gib: 2 ** 30, tb: 1e12, tib: 2 ** 40 };
const MEDIA_RANGE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/(\*|[a-z0-9][a-z0-9!#$&^_.+-]*)$/;

/** `15m` → 900000; NaN for anything else. */
function parseDuration(text: string): number {
  const match = DURATION.exec(text);
  return match ? Number(match[1]) * UNIT_MS[match[2]] : NaN;
}

/** Typed, validated reads of environment variables; every failure names the variable. */
export class EnvReader {
  constructor(private readonly env: Record<string, string | undefined>) {}

  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  /**
   * A setting that has a default: unset gives the default, but set to nothing is an error, since `HOST=`
   * is a slip (an empty shell variable), not a wish for the default.
   */
  private orDefault(name: string): string | undefined {
    const value = this.env[name];
    if (value !== undefined && value.trim() === '') throw new ConfigError(name, 'is set but empty (unset it to use its default)', value);
    return this.raw(name);
  }

  string(name: string, fallback?: string): string {
    const value = (fallback === undefined ? this.raw(name) : this.orDefault(name)) ?? fallback;
    if (value === undefined) throw new ConfigError(name, 'is required', undefined);
    return value;
  }

  optionalString(name: string): string | undefined {
    return this.raw(name);
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.orDefault(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || value < min || value > max) {
      throw new ConfigError(name, `must be a whole number from ${min} to ${max}`, raw);
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.orDefault(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    throw new ConfigError(name, 'must be true or false', this.raw(name));
  }

  oneOf<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const raw = this.orDefault(name);
    if (raw === undefined) return fallback;
    if (!(choices as readonly string[]).includes(raw)) {
      throw new ConfigError(name, `must be one of ${choices.join(', ')}`, raw);
    }
    return raw as T;
  }

  url(name: string, protocols: readonly string[], required: boolean): string | undefined {
    const raw = this.raw(name);
    const expected = `a URL starting with ${protocols.map((protocol) => `${protocol}://`).join(' or ')}`;
    if (raw === undefined) {
      if (required) throw new ConfigError(name, `is required (${expected})`, undefined);
      return undefined;
    }
    let protocol: string;
    try {
      protocol = new URL(raw).protocol.replace(/:$/, '');
    } catch {
      throw new ConfigError(name, `must be ${expected}`, redact(raw));
    }
    if (!protocols.includes(protocol)) throw new ConfigError(name, `must be ${expected}`, redact(raw));
    return raw;
  }

  /** A duration such as `900ms`, `15m`, `30d`, in milliseconds. */
  duration(name: string, fallback: string, minMs: number): number {
    const raw = this.orDefault(name) ?? fallback;
    const ms = parseDuration(raw);
    if (!(ms >= minMs)) {
      throw new ConfigError(name, `must be a duration of at least ${minMs} ms such as 15m, 12h or 30d`, raw);
    }
    return ms;
  }

  /** A comma-separated list of durations, such as a retry schedule `1s,5s,30s`. */
  durations(name: string, fallback: string, minMs: number): number[] {
    const raw = this.orDefault(name) ?? fallback;
    const items = raw.split(',').map((item) => item.trim());
    return items.map((item) => {
      const ms = parseDuration(item);
      if (!(ms >= minMs)) throw new ConfigError(name, `must be a comma-separated list of durations such as 1s,5s,30s,2m`, raw);
      return ms;
    });
  }

  /** A size in bytes: `1048576`, or with a unit such as `100MiB`, `1GiB`, `500MB`. */
  byteSize(name: string, fallback: string, min: number, max: number): number {
    const raw = this.orDefault(name) ?? fallback;
    const match = BYTE_SIZE.exec(raw);
    const bytes = match ? Number(match[1]) * UNIT_BYTES[(match[2] ?? 'b').toLowerCase()] : NaN;
    if (!(bytes >= min && bytes <= max)) {
      throw new ConfigError(name, `must be a size from ${min} to ${max} bytes, in bytes or with a unit such as 100MiB, 1GiB or 500MB`, raw);
    }
    return bytes;
  }

  /** A comma-separated list of media types, `type/subtype` or `type/*`, lower-cased. */
  mediaTypes(name: string, fallback: string): string[] {
    const raw = this.orDefault(name) ?? fallback;
    const items = raw.split(',').map((item) => item.trim().toLowerCase()).filter(Boolean);
    if (items.length === 0 || !items.every((item) => MEDIA_RANGE.test(item))) {
      throw new ConfigError(name, 'must be a comma-separated list of media types such as text/csv,image/*', raw);
    }
    return items;
  }

  list(name: string): string[] {
    return (this.raw(name) ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  }

  secret(name: string, minLength: number, fallback?: string): string {
    const value = this.raw(name) ?? fallback;
    if (value === undefined) throw new ConfigError(name, `is required (a secret of at least ${minLength} characters)`, undefined);
    if (value.length < minLength) throw new ConfigError(name, `must be at least ${minLength} characters long`, '<redacted>');
    return value;
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]*)@/, '//$1:***@');
}
