/**
 * Encrypts sessions' secrets at rest (AES-256-GCM under `SESSION_ENCRYPTION_KEY`). `context` (the session's id) is
 * bound to the ciphertext, so a ciphertext copied onto another row does not decrypt.
 */
export abstract class SessionCipher {
  /** Why this server cannot store sessions (no key is set), or null when it can. */
  abstract readonly unavailableReason: string | null;
  /** The sealed text names the key it was made with, so that a previous key still opens it after a rotation. */
  abstract encrypt(plain: string, context: string): string;
  abstract decrypt(sealed: string, context: string): string;
}
