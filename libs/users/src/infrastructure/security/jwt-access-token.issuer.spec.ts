import { JwtService } from '@nestjs/jwt';
import { JwtAccessTokenIssuer } from './jwt-access-token.issuer';

const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';
const CLAIMS = { userId: '0190a000-0000-7000-8000-000000000001', role: 'admin' as const, sessionId: '0190a000-0000-7000-8000-000000000002' };

function decodePart(token: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index], 'base64url').toString('utf8'));
}

describe('JwtAccessTokenIssuer', () => {
  const jwt = new JwtService({ secret: SECRET });

  it('signs with HS256', async () => {
    const { token } = await new JwtAccessTokenIssuer(jwt, 900_000).issue(CLAIMS);

    expect(decodePart(token, 0)).toMatchObject({ alg: 'HS256', typ: 'JWT' });
  });

  it('carries the user, session, role, issuer and audience', async () => {
    const { token } = await new JwtAccessTokenIssuer(jwt, 900_000).issue(CLAIMS);

    expect(decodePart(token, 1)).toMatchObject({
      sub: CLAIMS.userId,
      sid: CLAIMS.sessionId,
      role: 'admin',
      iss: 'missive',
      aud: 'missive-api',
    });
  });

  it('is verifiable with the secret for the missive-api audience', async () => {
    const { token } = await new JwtAccessTokenIssuer(jwt, 900_000).issue(CLAIMS);

    await expect(jwt.verifyAsync(token, { secret: SECRET, algorithms: ['HS256'], issuer: 'missive', audience: 'missive-api' })).resolves.toMatchObject({
      sub: CLAIMS.userId,
    });
    await expect(jwt.verifyAsync(token, { secret: `${SECRET}-other` })).rejects.toThrow();
  });

  it.each([
    [900_000, 900],
    [90_500, 90],
  ])('expires %i ms after issue in whole seconds (%i s)', async (ttlMs, seconds) => {
    const { token, expiresInSeconds } = await new JwtAccessTokenIssuer(jwt, ttlMs).issue(CLAIMS);
    const { iat, exp } = decodePart(token, 1) as { iat: number; exp: number };

    expect(expiresInSeconds).toBe(seconds);
    expect(exp - iat).toBe(seconds);
  });
});
