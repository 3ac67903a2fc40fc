import { AppConfig } from './app-config';

const base = { DATABASE_URL: 'postgres://u:p@localhost:5432/db', JWT_SECRET: 'x'.repeat(32) };

describe('AppConfig', () => {
  it('reads defaults', () => {
    const config = new AppConfig(base);
    expect(config.port).toBe(3000);
    expect(config.outboxDispatch).toBe('direct');
    expect(config.storageDriver).toBe('local');
    expect(config.accessTokenTtlMs).toBe(15 * 60_000);
  });

  it('dispatches through the broker when AMQP_URL is set', () => {
    expect(new AppConfig({ ...base, AMQP_URL: 'amqp://localhost' }).outboxDispatch).toBe('broker');
  });

  it.each([
    [{ PORT: 'abc' }, 'Invalid configuration: PORT must be a whole number from 0 to 65535, got "abc"'],
    [{ DATABASE_URL: 'mysql://x' }, 'Invalid configuration: DATABASE_URL must be a URL starting with postgres:// or postgresql://, got "mysql://x"'],
    [{ DATABASE_URL: '' }, 'Invalid configuration: DATABASE_URL is required (a URL starting with postgres:// or postgresql://), but it is not set'],
    [{ JWT_SECRET: 'short' }, 'Invalid configuration: JWT_SECRET must be at least 32 characters long, got "<redacted>"'],
    [{ OUTBOX_DISPATCH: 'kafka' }, 'Invalid configuration: OUTBOX_DISPATCH must be one of direct, broker, got "kafka"'],
    [{ OUTBOX_DISPATCH: 'broker' }, 'Invalid configuration: AMQP_URL is required (a URL starting with amqp:// or amqps://), but it is not set'],
    [{ STORAGE_DRIVER: 's3' }, 'Invalid configuration: S3_ENDPOINT is required, but it is not set'],
    [{ ACCESS_TOKEN_TTL: '15 minutes' }, 'Invalid configuration: ACCESS_TOKEN_TTL must be a duration of at least 10000 ms such as 15m, 12h or 30d, got "15 minutes"'],
    [{ TRUST_PROXY: 'maybe' }, 'Invalid configuration: TRUST_PROXY must be true or false, got "maybe"'],
  ])('rejects %j with one line naming the variable', (override, message) => {
    expect(() => new AppConfig({ ...base, ...override })).toThrow(message);
  });

  it('hides passwords of a rejected URL', () => {
    expect(() => new AppConfig({ ...base, DATABASE_URL: 'mysql://user:secret@host/db' })).toThrow('mysql://user:***@host/db');
  });
});
