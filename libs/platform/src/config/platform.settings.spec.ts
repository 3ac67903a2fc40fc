import { HttpSettings } from './http.settings';
import { PlatformSettings } from './platform.settings';
import { Settings } from './settings';

const base = { DATABASE_URL: 'postgres://u:p@localhost:5432/db' };

describe('PlatformSettings', () => {
  it('reads defaults, and needs no JWT_SECRET', () => {
    const settings = new PlatformSettings(base);
    expect(settings.outboxDispatch).toBe('direct');
    expect(settings.host).toBe('0.0.0.0');
    expect(settings.opsPort).toBe(9464);
  });

  it('dispatches through the broker when AMQP_URL is set', () => {
    expect(new PlatformSettings({ ...base, AMQP_URL: 'amqp://localhost' }).outboxDispatch).toBe('broker');
  });

  it.each([
    [{ OPS_PORT: 'abc' }, 'Invalid configuration: OPS_PORT must be a whole number from 0 to 65535, got "abc"'],
    [{ HOST: '' }, 'Invalid configuration: HOST is set but empty (unset it to use its default), got ""'],
    [{ HOST: '  ' }, 'Invalid configuration: HOST is set but empty'],
    [{ OPS_PORT: '' }, 'Invalid configuration: OPS_PORT is set but empty'],
    [{ DATA_DIR: '' }, 'Invalid configuration: DATA_DIR is set but empty'],
    [{ DATABASE_URL: 'mysql://x' }, 'Invalid configuration: DATABASE_URL must be a URL starting with postgres:// or postgresql://, got "mysql://x"'],
    [{ DATABASE_URL: '' }, 'Invalid configuration: DATABASE_URL is required (a URL starting with postgres:// or postgresql://), but it is not set'],
    [{ OUTBOX_DISPATCH: 'kafka' }, 'Invalid configuration: OUTBOX_DISPATCH must be one of direct, broker, got "kafka"'],
    [{ OUTBOX_DISPATCH: 'broker' }, 'Invalid configuration: AMQP_URL is required (a URL starting with amqp:// or amqps://), but it is not set'],
  ])('rejects %j with one line naming the variable', (override, message) => {
    expect(() => new PlatformSettings({ ...base, ...override })).toThrow(message);
  });

  it('hides passwords of a rejected URL', () => {
    expect(() => new PlatformSettings({ ...base, DATABASE_URL: 'mysql://user:secret@host/db' })).toThrow('mysql://user:***@host/db');
  });

  it('keeps an empty APP_VERSION, as .env.example has it, for the package version', () => {
    expect(new PlatformSettings({ ...base, APP_VERSION: '', npm_package_version: '1.2.3' }).version).toBe('1.2.3');
  });
});

describe('HttpSettings', () => {
  it('reads defaults', () => {
    expect(new HttpSettings({})).toEqual({ port: 3000, trustProxy: false });
  });

  it.each([
    [{ PORT: 'abc' }, 'Invalid configuration: PORT must be a whole number from 0 to 65535, got "abc"'],
    [{ PORT: '' }, 'Invalid configuration: PORT is set but empty'],
    [{ TRUST_PROXY: 'maybe' }, 'Invalid configuration: TRUST_PROXY must be true or false, got "maybe"'],
  ])('rejects %j with one line naming the variable', (override, message) => {
    expect(() => new HttpSettings(override)).toThrow(message);
  });
});

describe('Settings', () => {
  it('reads the classes an app composes, with its defaults under what the environment sets', () => {
    const settings = Settings.read({ ...base, HOST: undefined }, { classes: [PlatformSettings], defaults: { OPS_PORT: '9465', HOST: '127.0.0.1' } });
    expect(settings.get(PlatformSettings).opsPort).toBe(9465);
    expect(settings.get(PlatformSettings).host).toBe('127.0.0.1');
    expect(Settings.read({ ...base, OPS_PORT: '9999' }, { classes: [PlatformSettings], defaults: { OPS_PORT: '9465' } }).get(PlatformSettings).opsPort).toBe(9999);
  });

  it('validates only what the app composes', () => {
    const settings = Settings.read({ ...base, PORT: 'abc' }, { classes: [PlatformSettings] });
    expect(() => settings.get(HttpSettings)).toThrow("HttpSettings is not among this app's settings");
  });

  it('provides each instance under its class', () => {
    const settings = Settings.read(base, { classes: [PlatformSettings, HttpSettings] });
    expect(settings.providers()).toEqual([
      { provide: PlatformSettings, useValue: settings.get(PlatformSettings) },
      { provide: HttpSettings, useValue: settings.get(HttpSettings) },
    ]);
  });
});
