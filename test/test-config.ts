import { randomBytes } from 'node:crypto';
import { HttpSettings, PlatformSettings, Settings } from '@app/platform';
import { FilesSettings } from '@app/files';
import { ImportingSettings } from '@app/importing';
import { MessagingSettings } from '@app/messaging';
import { JwtSettings, UsersSettings } from '@app/users';

const TEST_SESSION_KEY = randomBytes(32).toString('base64');

/** The settings of every context, for an app under test on this run's database. */
export function testConfig(overrides: Record<string, string> = {}): Settings {
  const url = process.env.MISSIVE_TEST_DATABASE_URL;
  if (!url) throw new Error('MISSIVE_TEST_DATABASE_URL is not set: run the tests through jest (test/global-setup.ts).');
  const env = {
    DATABASE_URL: url,
    JWT_SECRET: 'test-secret-that-is-at-least-32-characters',
    LOG_LEVEL: 'silent',
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    DATA_DIR: '/tmp/missive-test',
    // why: a key of the test run's own, so that every app under test can open sessions.
    SESSION_ENCRYPTION_KEY: TEST_SESSION_KEY,
    ...overrides,
  };
  return Settings.read(env, { classes: [PlatformSettings, HttpSettings, UsersSettings, JwtSettings, FilesSettings, MessagingSettings, ImportingSettings] });
}
