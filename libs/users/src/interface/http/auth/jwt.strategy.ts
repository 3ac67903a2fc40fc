import { createSecretKey } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig, Principal } from '@app/platform';
import { UUID_PATTERN } from '@app/shared-kernel';
import { AuthenticateSessionQuery } from '../../../application/queries/authenticate/authenticate-session.query';

export const JWT_STRATEGY = 'jwt';

interface Claims {
  sub?: unknown;
  sid?: unknown;
}

/** Bearer access tokens: HS256 only (no `alg: none`, no key confusion), and their session still open. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  constructor(
    config: AppConfig,
    private readonly queries: QueryBus,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // why: as a string, jsonwebtoken first tries (and fails) to parse the secret as a PEM public key on every
      // request — 15% of the gateway's CPU; a KeyObject is used as is.
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: 'missive',
      audience: 'missive-api',
      ignoreExpiration: false,
    });
  }

  async validate({ sub, sid }: Claims): Promise<Principal | false> {
    if (typeof sub !== 'string' || typeof sid !== 'string' || !UUID_PATTERN.test(sub) || !UUID_PATTERN.test(sid)) return false;
    return (await this.queries.execute(new AuthenticateSessionQuery(sub, sid))) ?? false;
  }
}
