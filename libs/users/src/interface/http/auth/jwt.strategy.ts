import { createSecretKey } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Principal } from '@app/platform';
import { JwtSettings } from '../../../users.settings';
import { UUID_PATTERN } from '@app/shared-kernel';
import { AuthenticateSessionQuery } from '../../../application/queries/authenticate/authenticate-session.query';

export const JWT_STRATEGY = 'jwt';
const MAX_VERIFIED = 10_000;

interface Claims {
  sub?: unknown;
  sid?: unknown;
  exp?: unknown;
}

const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();
type AuthRequest = Parameters<typeof bearerToken>[0];

/**
 * Bearer access tokens: HS256 only (no `alg: none`, no key confusion), and their session still open. A token whose
 * signature was checked is remembered until it expires; its session is still looked up (through the principal cache,
 * which hears every revocation) on every request.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  private readonly verified = new Map<string, { claims: Claims; until: number }>();

  constructor(
    jwt: JwtSettings,
    private readonly queries: QueryBus,
  ) {
    super({
      jwtFromRequest: bearerToken,
      // why: as a string, jsonwebtoken first tries (and fails) to parse the secret as a PEM public key on every
      // request — 15% of the gateway's CPU; a KeyObject is used as is.
      secretOrKey: createSecretKey(Buffer.from(jwt.secret, 'utf8')) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: 'missive',
      audience: 'missive-api',
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  // why: checking the signature (jsonwebtoken, jws, HMAC) was 7% of the gateway's CPU per request, for the same
  // token every time; the outcome of that check cannot change before the token's `exp`.
  override authenticate(request: AuthRequest, options?: object): void {
    const token = bearerToken(request);
    const hit = token ? this.verified.get(token) : undefined;
    if (!hit || hit.until <= Date.now()) {
      if (hit) this.verified.delete(token!);
      return super.authenticate(request, options);
    }
    this.validate(request, hit.claims).then(
      (principal) => (principal ? this.success(principal) : this.fail(401)),
      (error: unknown) => this.error(error instanceof Error ? error : new Error(String(error))),
    );
  }

  async validate(request: AuthRequest, claims: Claims): Promise<Principal | false> {
    const { sub, sid } = claims;
    if (typeof sub !== 'string' || typeof sid !== 'string' || !UUID_PATTERN.test(sub) || !UUID_PATTERN.test(sid)) return false;
    this.remember(bearerToken(request), claims);
    return (await this.queries.execute(new AuthenticateSessionQuery(sub, sid))) ?? false;
  }

  private remember(token: string | null, claims: Claims): void {
    if (!token || typeof claims.exp !== 'number' || this.verified.has(token)) return;
    if (this.verified.size >= MAX_VERIFIED) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { claims, until: claims.exp * 1000 });
  }
}
