import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
// why: point these at a deliberately broken copy to see the spec fail.
const appConfigPath = () => process.env.MISSIVE_APP_CONFIG_FILE ?? join(root, 'libs/platform/src/config/app-config.ts');
const envExamplePath = () => process.env.MISSIVE_ENV_EXAMPLE_FILE ?? join(root, '.env.example');

// why: each messenger adapter reads its own settings in a `*.settings.ts` beside it.
const adapterSettingsPaths = () =>
  readdirSync(join(root, 'libs'), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.settings.ts'))
    .map((path) => join(root, 'libs', path));

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
 * The settings `AppConfig` reads: the first argument of `read.<method>('NAME', ...)` and `env.NAME`.
 * Lower-case `env.npm_*` names are set by npm itself, not by an operator, so they are no settings.
 */
function settingsRead(source: string): string[] {
  const viaReader = [...source.matchAll(/\bread\.\w+\(\s*['"`]([A-Za-z_][A-Za-z0-9_]*)['"`]/g)].map((match) => match[1]);
  const viaEnv = [...source.matchAll(/\benv\.([A-Z][A-Z0-9_]*)\b/g)].map((match) => match[1]);
  return [...new Set([...viaReader, ...viaEnv])].sort();
}

function settingsDocumented(example: string): string[] {
  return [...example.matchAll(/^([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((match) => match[1]);
}

describe('.env.example', () => {
  const read = settingsRead([appConfigPath(), ...adapterSettingsPaths()].map((path) => readFileSync(path, 'utf8')).join('\n'));
  const documented = settingsDocumented(readFileSync(envExamplePath(), 'utf8'));

  it('finds the settings AppConfig reads', () => {
    expect(read).toEqual(expect.arrayContaining(['DATABASE_URL', 'JWT_SECRET', 'S3_BUCKET', 'LOG_LEVEL']));
  });

  it('documents every setting AppConfig reads', () => {
    expect(read.filter((name) => !documented.includes(name)).map((name) => `${name} is read but not in .env.example`)).toEqual([]);
  });

  it('documents no setting that AppConfig does not read', () => {
    expect(documented.filter((name) => !read.includes(name)).map((name) => `${name} is in .env.example but never read`)).toEqual([]);
  });

  it('documents each setting once', () => {
    expect(documented.filter((name, index) => documented.indexOf(name) !== index)).toEqual([]);
  });

  it('documents every setting ARCHITECTURE.md section 8 promises', () => {
    expect(PROMISED.filter((name) => !documented.includes(name)).map((name) => `${name} is promised but not in .env.example`)).toEqual([]);
  });
});
