import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
// why: point these at a deliberately broken copy to see the spec fail.
const settingsFiles = () =>
  process.env.MISSIVE_SETTINGS_FILE
    ? [process.env.MISSIVE_SETTINGS_FILE]
    : (readdirSync(join(root, 'libs'), { recursive: true }) as string[])
        .filter((file) => file.endsWith('.settings.ts'))
        .map((file) => join(root, 'libs', file));
const envExamplePath = () => process.env.MISSIVE_ENV_EXAMPLE_FILE ?? join(root, '.env.example');


const PROMISED = [
  'PORT',
  'DATABASE_URL',
  'DATA_DIR',
  'AMQP_URL',
  'OUTBOX_DISPATCH',
  'STORAGE_DRIVER',
  'S3_ENDPOINT',
  'S3_PORT',
  'S3_USE_SSL',
  'S3_ACCESS_KEY',
  'S3_SECRET_KEY',
  'S3_BUCKET',
  'S3_REGION',
  'JWT_SECRET',
  'LOG_LEVEL',
];

/**
 * The settings the contexts' `*.settings.ts` classes read: the first argument of `read.<method>('NAME', ...)` (or of a helper
 * handed the reader, `readKey(read, 'NAME')`) and `env.NAME`.
 * Lower-case `env.npm_*` names are set by npm itself, not by an operator, so they are no settings.
 */
function settingsRead(source: string): string[] {
  const viaReader = [...source.matchAll(/\bread(?:\.\w+\(|,)\s*['"`]([A-Za-z_][A-Za-z0-9_]*)['"`]/g)].map((match) => match[1]);
  const viaEnv = [...source.matchAll(/\benv\.([A-Z][A-Z0-9_]*)\b/g)].map((match) => match[1]);
  return [...new Set([...viaReader, ...viaEnv])].sort();
}

function settingsDocumented(example: string): string[] {
  return [...example.matchAll(/^([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((match) => match[1]);
}

describe('.env.example', () => {
  const read = settingsRead(settingsFiles().map((file) => readFileSync(file, 'utf8')).join('\n'));
  const documented = settingsDocumented(readFileSync(envExamplePath(), 'utf8'));

  it('finds the settings of every context', () => {
    expect(read).toEqual(expect.arrayContaining(['DATABASE_URL', 'PORT', 'JWT_SECRET', 'S3_BUCKET', 'LOG_LEVEL', 'TWILIO_API_BASE_URL', 'SESSION_ENCRYPTION_KEY', 'TELEGRAM_API_ID', 'EVOLUTION_API_URL']));
  });

  it('documents every setting that is read', () => {
    expect(read.filter((name) => !documented.includes(name)).map((name) => `${name} is read but not in .env.example`)).toEqual([]);
  });

  it('documents no setting that nothing reads', () => {
    expect(documented.filter((name) => !read.includes(name)).map((name) => `${name} is in .env.example but never read`)).toEqual([]);
  });

  it('documents each setting once', () => {
    expect(documented.filter((name, index) => documented.indexOf(name) !== index)).toEqual([]);
  });

  it('documents every setting ARCHITECTURE.md section 8 promises', () => {
    expect(PROMISED.filter((name) => !documented.includes(name)).map((name) => `${name} is promised but not in .env.example`)).toEqual([]);
  });
});
