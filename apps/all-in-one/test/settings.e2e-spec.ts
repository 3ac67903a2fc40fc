import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runApp, within } from '../../../test/process';

/** A wrong setting stops `npm start` before anything is written: no embedded database, no secret file. */
describe('all-in-one settings', () => {
  const parent = mkdtempSync(join(tmpdir(), 'missive-settings-'));
  const dataDir = join(parent, '.missive');

  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it.each([
    [{ PORT: 'abc' }, 'Invalid configuration: PORT must be a whole number from 0 to 65535, got "abc"'],
    [{ HOST: '' }, 'Invalid configuration: HOST is set but empty (unset it to use its default), got ""'],
    [{ UPLOAD_MAX_SIZE: 'lots' }, 'Invalid configuration: UPLOAD_MAX_SIZE must be a size from 1 to 1099511627776 bytes'],
    [{ JWT_SECRET: 'short' }, 'Invalid configuration: JWT_SECRET must be at least 32 characters long, got "<redacted>"'],
    [{ SESSION_ENCRYPTION_KEY: 'not-32-bytes' }, 'Invalid configuration: SESSION_ENCRYPTION_KEY must be 32 random bytes in base64 (openssl rand -base64 32), got "<redacted>"'],
    [{ TWILIO_API_BASE_URL: 'ftp://twilio' }, 'Invalid configuration: TWILIO_API_BASE_URL'],
  ])('with %j exits 1 with the one line naming it, and leaves DATA_DIR absent', async (setting, line) => {
    const app = runApp('all-in-one', [], { DATA_DIR: dataDir, ...setting });
    const { code } = await within(app.exited, 20_000, 'a start with a wrong setting');
    expect(code).toBe(1);
    expect(app.output().trim().split('\n')).toEqual([expect.stringContaining(line)]);
    expect(existsSync(dataDir)).toBe(false);
  }, 30_000);
});
