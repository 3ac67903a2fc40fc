import { JwtSettings, UsersSettings } from './users.settings';

describe('UsersSettings', () => {
  it('reads defaults', () => {
    expect(new UsersSettings({})).toEqual({ accessTokenTtlMs: 15 * 60_000, refreshTokenTtlMs: 30 * 86_400_000, authRateLimitPerMinute: 20, adminEmails: [] });
  });

  it('reads ADMIN_EMAILS lower-cased', () => {
    expect(new UsersSettings({ ADMIN_EMAILS: ' Ada@Example.com , bob@example.com ' }).adminEmails).toEqual(['ada@example.com', 'bob@example.com']);
  });

  it.each([
    [{ ACCESS_TOKEN_TTL: '15 minutes' }, 'Invalid configuration: ACCESS_TOKEN_TTL must be a duration of at least 10000 ms such as 15m, 12h or 30d, got "15 minutes"'],
    [{ AUTH_RATE_LIMIT_PER_MINUTE: '0' }, 'Invalid configuration: AUTH_RATE_LIMIT_PER_MINUTE must be a whole number from 1 to 1000000, got "0"'],
  ])('rejects %j with one line naming the variable', (env, message) => {
    expect(() => new UsersSettings(env)).toThrow(message);
  });
});

describe('JwtSettings', () => {
  it.each([
    [{}, 'Invalid configuration: JWT_SECRET is required (a secret of at least 32 characters), but it is not set'],
    [{ JWT_SECRET: 'short' }, 'Invalid configuration: JWT_SECRET must be at least 32 characters long, got "<redacted>"'],
  ])('rejects %j with one line naming the variable', (env, message) => {
    expect(() => new JwtSettings(env)).toThrow(message);
  });
});
