import { createHash, randomBytes } from 'node:crypto';

/** A high-entropy random secret, URL-safe. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Secrets with 256 bits of entropy need no slow hash: SHA-256 cannot be brute-forced back. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
