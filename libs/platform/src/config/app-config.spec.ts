import { AppConfig } from './app-config';

const base = { DATABASE_URL: 'postgres://u:p@localhost:5432/db', JWT_SECRET: 'x'.repeat(32) };

describe('AppConfig', () => {
  it('reads defaults', () => {
    const config = new AppConfig(base);
    expect(config.port).toBe(3000);
    expect(config.outboxDispatch).toBe('direct');
    expect(config.storageDriver).toBe('local');
    expect(config.accessTokenTtlMs).toBe(15 * 60_000);
    expect(config.uploadMaxBytes).toBe(100 * 2 ** 20);
    expect(config.uploadAllowedTypes).toEqual(expect.arrayContaining(['text/csv', 'application/pdf', 'image/*']));
  });

  it.each([
    ['1048576', 1_048_576],
    ['100MiB', 100 * 2 ** 20],
    ['1 GiB', 2 ** 30],
    ['500MB', 500_000_000],
    ['64kib', 65_536],
  ])('reads UPLOAD_MAX_SIZE %s as %i bytes', (raw, bytes) => {
    expect(new AppConfig({ ...base, UPLOAD_MAX_SIZE: raw }).uploadMaxBytes).toBe(bytes);
  });

  it('reads UPLOAD_ALLOWED_TYPES lower-cased', () => {
    expect(new AppConfig({ ...base, UPLOAD_ALLOWED_TYPES: ' Text/CSV , image/* ' }).uploadAllowedTypes).toEqual(['text/csv', 'image/*']);
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
    [
      { UPLOAD_MAX_SIZE: '100 megs' },
      'Invalid configuration: UPLOAD_MAX_SIZE must be a size from 1 to 1099511627776 bytes, in bytes or with a unit such as 100MiB, 1GiB or 500MB, got "100 megs"',
    ],
    [{ UPLOAD_MAX_SIZE: '0' }, 'Invalid configuration: UPLOAD_MAX_SIZE must be a size from 1 to 1099511627776 bytes'],
    [{ UPLOAD_ALLOWED_TYPES: 'csv,pdf' }, 'Invalid configuration: UPLOAD_ALLOWED_TYPES must be a comma-separated list of media types such as text/csv,image/*, got "csv,pdf"'],
    [{ UPLOAD_ALLOWED_TYPES: ',' }, 'Invalid configuration: UPLOAD_ALLOWED_TYPES must be a comma-separated list of media types'],
  ])('rejects %j with one line naming the variable', (override, message) => {
    expect(() => new AppConfig({ ...base, ...override })).toThrow(message);
  });

  it('hides passwords of a rejected URL', () => {
    expect(() => new AppConfig({ ...base, DATABASE_URL: 'mysql://user:secret@host/db' })).toThrow('mysql://user:***@host/db');
  });
});
