import { EnvReader, Env } from '@app/platform';

/** The users context's settings: token lifetimes, the login rate limit, the admins. */
export class UsersSettings {
  readonly accessTokenTtlMs: number;
  readonly refreshTokenTtlMs: number;
  readonly authRateLimitPerMinute: number;
  readonly adminEmails: readonly string[];

  constructor(env: Env) {
    const read = new EnvReader(env);
    this.accessTokenTtlMs = read.duration('ACCESS_TOKEN_TTL', '15m', 10_000);
    this.refreshTokenTtlMs = read.duration('REFRESH_TOKEN_TTL', '30d', 60_000);
    this.authRateLimitPerMinute = read.int('AUTH_RATE_LIMIT_PER_MINUTE', 20, 1, 1_000_000);
    this.adminEmails = read.list('ADMIN_EMAILS').map((email) => email.toLowerCase());
  }
}

/** The key access tokens are signed and verified with: only a process that issues or checks tokens reads it. */
export class JwtSettings {
  readonly secret: string;

  constructor(env: Env) {
    const read = new EnvReader(env);
    this.secret = read.secret('JWT_SECRET', 32);
  }
}
