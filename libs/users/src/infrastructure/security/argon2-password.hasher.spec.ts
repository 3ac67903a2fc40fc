import { Argon2PasswordHasher } from './argon2-password.hasher';

describe('Argon2PasswordHasher', () => {
  const hasher = new Argon2PasswordHasher();

  it('hashes with argon2id at 19 MiB, 2 passes, 1 lane', async () => {
    const [, algorithm, version, params] = (await hasher.hash('correct-Horse-battery-9')).split('$');

    expect({ algorithm, version }).toEqual({ algorithm: 'argon2id', version: 'v=19' });
    expect(Object.fromEntries(params.split(',').map((param) => param.split('=')))).toEqual({ m: '19456', t: '2', p: '1' });
  });

  it('verifies the password it hashed', async () => {
    const hash = await hasher.hash('correct-Horse-battery-9');

    await expect(hasher.verify(hash, 'correct-Horse-battery-9')).resolves.toBe(true);
  });

  it('rejects another password', async () => {
    const hash = await hasher.hash('correct-Horse-battery-9');

    await expect(hasher.verify(hash, 'correct-Horse-battery-8')).resolves.toBe(false);
  });

  it('answers false for an account without a hash', async () => {
    await expect(hasher.verify(null, 'decoy password for unknown accounts')).resolves.toBe(false);
  });

  it('salts every hash, so the same password hashes differently', async () => {
    const [first, second] = await Promise.all([hasher.hash('same-Password-1'), hasher.hash('same-Password-1')]);

    expect(first).not.toBe(second);
  });
});
