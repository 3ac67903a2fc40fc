import { randomBytes } from 'node:crypto';
import { AesGcmSessionCipher } from './aes-gcm-session.cipher';
import { readSessionEncryptionSettings } from './session-encryption.settings';

const key = () => randomBytes(32).toString('base64');
const SESSION = '0190a000-0000-7000-8000-00000000000a';

describe('AesGcmSessionCipher', () => {
  it('opens what it sealed, and the sealed text shows neither the secret nor the key', () => {
    const secret = key();
    const cipher = new AesGcmSessionCipher(readSessionEncryptionSettings({ SESSION_ENCRYPTION_KEY: secret }));
    const sealed = cipher.encrypt('{"session":"1BQANOTsecret"}', SESSION);
    expect(sealed).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(sealed).not.toContain('1BQANOTsecret');
    expect(sealed).not.toContain(secret);
    expect(cipher.decrypt(sealed, SESSION)).toBe('{"session":"1BQANOTsecret"}');
    expect(cipher.encrypt('same', SESSION)).not.toBe(cipher.encrypt('same', SESSION));
  });

  it('refuses a ciphertext moved to another session or tampered with', () => {
    const cipher = new AesGcmSessionCipher(readSessionEncryptionSettings({ SESSION_ENCRYPTION_KEY: key() }));
    const sealed = cipher.encrypt('secret', SESSION);
    expect(() => cipher.decrypt(sealed, '0190a000-0000-7000-8000-00000000000b')).toThrow();
    const flipped = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'B' : 'A') + sealed.slice(-1);
    expect(() => cipher.decrypt(flipped, SESSION)).toThrow();
  });

  it('rotates: the previous key still opens old ciphertexts, new ones use the current key', () => {
    const [oldKey, newKey] = [key(), key()];
    const before = new AesGcmSessionCipher(readSessionEncryptionSettings({ SESSION_ENCRYPTION_KEY: oldKey }));
    const sealed = before.encrypt('secret', SESSION);
    const after = new AesGcmSessionCipher(readSessionEncryptionSettings({ SESSION_ENCRYPTION_KEY: newKey, SESSION_ENCRYPTION_KEY_PREVIOUS: oldKey }));
    expect(after.decrypt(sealed, SESSION)).toBe('secret');
    expect(after.encrypt('secret', SESSION).split('.')[1]).not.toBe(sealed.split('.')[1]);
    const forgotten = new AesGcmSessionCipher(readSessionEncryptionSettings({ SESSION_ENCRYPTION_KEY: newKey }));
    expect(() => forgotten.decrypt(sealed, SESSION)).toThrow(/neither SESSION_ENCRYPTION_KEY nor SESSION_ENCRYPTION_KEY_PREVIOUS/);
  });

  it('stops start-up with one line on a malformed key, and without a key refuses sessions', () => {
    expect(() => readSessionEncryptionSettings({ SESSION_ENCRYPTION_KEY: 'too-short' })).toThrow(
      'Invalid configuration: SESSION_ENCRYPTION_KEY must be 32 random bytes in base64 (openssl rand -base64 32), got "<redacted>"',
    );
    expect(() => readSessionEncryptionSettings({ SESSION_ENCRYPTION_KEY_PREVIOUS: key() })).toThrow(/SESSION_ENCRYPTION_KEY is required/);
    expect(new AesGcmSessionCipher(readSessionEncryptionSettings({})).unavailableReason).toMatch(/set SESSION_ENCRYPTION_KEY/);
  });
});
