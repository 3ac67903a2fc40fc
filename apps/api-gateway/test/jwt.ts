import { JwtSettings } from '@app/users';
import { createHmac } from 'node:crypto';
import { testConfig } from '../../../test/test-config';

const HMAC = { HS256: 'sha256', HS512: 'sha512' } as const;

export function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

/** A compact JWS over these claims, signed with HMAC (`alg: none` leaves the signature empty). */
export function signJwt(claims: Record<string, unknown>, { alg = 'HS256', secret = testConfig().get(JwtSettings).secret }: { alg?: keyof typeof HMAC | 'none'; secret?: string } = {}): string {
  const signingInput = `${base64url({ alg, typ: 'JWT' })}.${base64url(claims)}`;
  if (alg === 'none') return `${signingInput}.`;
  return `${signingInput}.${createHmac(HMAC[alg], secret).update(signingInput).digest('base64url')}`;
}

/** Claims as the gateway issues them, for the session of these claims, valid for the next minute. */
export function claimsOf({ sub, sid }: Record<string, unknown>, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { sub, sid, role: 'user', iss: 'missive', aud: 'missive-api', iat: now, exp: now + 60, ...overrides };
}
