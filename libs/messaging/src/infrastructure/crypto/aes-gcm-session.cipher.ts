import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SessionCipher } from '../../application/ports/session-cipher';
import { EncryptionKey, SessionEncryptionSettings } from './session-encryption.settings';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';

/** AES-256-GCM with a random 96-bit nonce: `v1.<key id>.<nonce>.<tag>.<ciphertext>`, base64url, the session id as associated data. */
export class AesGcmSessionCipher extends SessionCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;

  constructor(private readonly settings: SessionEncryptionSettings) {
    super();
    const keys = [settings.current, settings.previous].filter((key): key is EncryptionKey => key !== null);
    this.keys = new Map(keys.map(({ id, key }) => [id, key]));
  }

  get unavailableReason(): string | null {
    return this.settings.current ? null : 'set SESSION_ENCRYPTION_KEY (32 random bytes in base64) so that session secrets can be stored encrypted';
  }

  encrypt(plain: string, context: string): string {
    const current = this.settings.current;
    if (!current) throw new Error(this.unavailableReason!);
    const nonce = randomBytes(12);
    const cipher = createCipheriv(ALGORITHM, current.key, nonce).setAAD(Buffer.from(context));
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, current.id, nonce.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
  }

  decrypt(sealed: string, context: string): string {
    const [version, keyId, nonce, tag, body] = sealed.split('.');
    if (version !== VERSION || body === undefined) throw new Error('session secrets: not a v1 ciphertext');
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`session secrets: sealed with key ${keyId}, which is neither SESSION_ENCRYPTION_KEY nor SESSION_ENCRYPTION_KEY_PREVIOUS`);
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(nonce, 'base64url')).setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}
