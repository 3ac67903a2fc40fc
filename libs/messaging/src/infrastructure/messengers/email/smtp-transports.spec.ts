import { readSmtpCredentials, SmtpCredentials } from './smtp.credentials';
import { SmtpSettings } from './smtp.settings';
import { SmtpTransports } from './smtp-transports';

const credentials = (fields: Record<string, unknown> = {}) =>
  readSmtpCredentials({ host: 'smtp.example.com', user: 'u', password: 'p', from: 'a@example.com', ...fields }) as SmtpCredentials;

describe('SmtpTransports', () => {
  let transports: SmtpTransports;

  beforeEach(() => {
    transports = new SmtpTransports(new SmtpSettings(null, 1_000, true, 2, 1));
  });

  afterEach(() => transports.closeAll());

  it("keeps one transport per session while its credentials stay the same, and a new one when they change", () => {
    const first = transports.for('s-1', credentials());

    expect(transports.for('s-1', credentials())).toBe(first);
    expect(transports.for('s-1', credentials({ password: 'rotated' }))).not.toBe(first);
    expect(transports.size).toBe(1);
  });

  it('closes the least recently used past SMTP_POOLED_SESSIONS', () => {
    const one = transports.for('s-1', credentials());
    const two = transports.for('s-2', credentials());
    transports.for('s-1', credentials());
    const closed = jest.spyOn(two, 'close');

    transports.for('s-3', credentials());

    expect(transports.size).toBe(2);
    expect(closed).toHaveBeenCalled();
    expect(transports.for('s-1', credentials())).toBe(one);
  });

  it('drops a session on demand, and closes them all', () => {
    const one = transports.for('s-1', credentials());
    transports.drop('s-1');
    expect(transports.for('s-1', credentials())).not.toBe(one);
    transports.closeAll();
    expect(transports.size).toBe(0);
  });
});

describe('readSmtpCredentials and SmtpSettings', () => {
  it('defaults the port by secure, and keeps the sender address lowercased', () => {
    expect(credentials()).toMatchObject({ port: 587, secure: false, fromAddress: 'a@example.com' });
    expect(credentials({ secure: true, from: '"Ops Team" <Ops@Example.COM>' })).toMatchObject({ port: 465, secure: true, fromAddress: 'ops@example.com' });
    expect(readSmtpCredentials({ host: 'h', user: 'u', password: 'p', from: 'a@b.c', secure: 'yes' })).toBe('secure must be true or false');
  });

  it('stops start-up with one line on a bad setting', () => {
    expect(SmtpSettings.fromEnv({})).toEqual(new SmtpSettings(null, 30_000, true, 100, 2));
    expect(() => SmtpSettings.fromEnv({ MISSIVE_MESSAGE_ID_DOMAIN: 'not a domain' })).toThrow('Invalid configuration: MISSIVE_MESSAGE_ID_DOMAIN must be a domain name such as mail.example.com, got "not a domain"');
    expect(() => SmtpSettings.fromEnv({ SMTP_POOLED_SESSIONS: '0' })).toThrow(/SMTP_POOLED_SESSIONS must be a whole number/);
    expect(() => SmtpSettings.fromEnv({ SMTP_REQUIRE_TLS: 'maybe' })).toThrow(/SMTP_REQUIRE_TLS must be true or false/);
  });
});
