import { createHash } from 'node:crypto';
import { ConfigError, EnvReader } from '@app/platform';

export interface EncryptionKey {
  /** The first 8 hex digits of the key's SHA-256: stored with each ciphertext, never the key. */
  id: string;
  key: Buffer;
}

export interface SessionEncryptionSettings {
  current: EncryptionKey | null;
  previous: EncryptionKey | null;
}

const KEY_BYTES = 32;

function readKey(read: EnvReader, name: string): EncryptionKey | null {
  const raw = read.raw(name);
  if (raw === undefined) return null;
  const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(raw) ? Buffer.from(raw, 'base64') : Buffer.alloc(0);
  if (key.length !== KEY_BYTES) throw new ConfigError(name, `must be ${KEY_BYTES} random bytes in base64 (openssl rand -base64 32)`, '<redacted>');
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 8), key };
}

/**
 * `SESSION_ENCRYPTION_KEY` (32 bytes, base64) and, during a key rotation, `SESSION_ENCRYPTION_KEY_PREVIOUS`.
 * A malformed key stops start-up; without any, the server runs but opens no session (the sandbox needs none).
 */
export function readSessionEncryptionSettings(env: Record<string, string | undefined> = process.env): SessionEncryptionSettings {
  const read = new EnvReader(env);
  const current = readKey(read, 'SESSION_ENCRYPTION_KEY');
  const previous = readKey(read, 'SESSION_ENCRYPTION_KEY_PREVIOUS');
  if (previous && !current) throw new ConfigError('SESSION_ENCRYPTION_KEY', 'is required when SESSION_ENCRYPTION_KEY_PREVIOUS is set', undefined);
  return { current, previous };
}
