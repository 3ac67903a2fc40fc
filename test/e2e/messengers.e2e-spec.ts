import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instanceNameOf } from '../../libs/messaging/src/infrastructure/messengers/whatsapp/evolution-whatsapp.messenger';
import { freePort, runApp, Running, until, waitForOk, within } from '../process';
import { EvolutionStub } from '../stubs/evolution.stub';
import { SmtpStub } from '../stubs/smtp.stub';
import { TwilioStub, twilioAccountSid } from '../stubs/twilio.stub';
import { isolatedDatabase } from '../test-database';

const PASSWORD = 'correct-Horse-battery-9';

/**
 * Each real messenger through the API, as a client uses it: the built gateway and `dispatcher --direct` as processes,
 * the providers as stubs that speak their APIs on loopback (Twilio REST, an SMTP server, Evolution API v2). A session
 * is connected, a message sent through it, and the message read back `sent` with the provider's own id.
 */
describe('messengers through the API', () => {
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;
  let twilio: TwilioStub;
  let smtp: SmtpStub;
  let evolution: EvolutionStub;
  const apps: Running[] = [];
  let api = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'missive-messengers-'));

  beforeAll(async () => {
    database = await isolatedDatabase();
    twilio = await TwilioStub.start();
    smtp = await SmtpStub.start({ users: { mailer: 'smtp-secret-password' } });
    evolution = await new EvolutionStub().start();
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    const env = {
      DATABASE_URL: database.url,
      JWT_SECRET: 'messengers-e2e-secret-at-least-32-characters',
      SESSION_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      OUTBOX_DISPATCH: 'direct',
      OUTBOX_POLL_INTERVAL: '100ms',
      RETRY_SCHEDULE: '200ms,500ms',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      AUTH_RATE_LIMIT_PER_MINUTE: '100000',
      PUBLIC_BASE_URL: api,
      TWILIO_API_BASE_URL: twilio.url,
      SMTP_REQUIRE_TLS: 'false',
      EVOLUTION_API_URL: evolution.url,
      EVOLUTION_API_KEY: evolution.apiKey,
    };
    const dispatcher = runApp('dispatcher', ['--direct'], { ...env, OPS_PORT: String(await freePort()) });
    const gateway = runApp('api-gateway', [], { ...env, PORT: String(port), OPS_PORT: String(await freePort()) });
    apps.push(dispatcher, gateway);
    await waitForOk(`${api}/health/ready`, gateway);
  }, 90_000);

  afterAll(async () => {
    for (const app of apps) {
      app.child.kill('SIGTERM');
      await within(app.exited, 15_000, 'stop').catch(() => app.child.kill('SIGKILL'));
    }
    await Promise.all([twilio?.close(), smtp?.close(), evolution?.stop()]);
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const outputs = () => apps.map((app) => app.output().slice(-2_000)).join('\n---\n');

  async function call(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const reply = await fetch(`${api}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await reply.text();
    return { status: reply.status, body: text ? JSON.parse(text) : null };
  }

  async function user(): Promise<string> {
    const email = `messengers-${randomBytes(4).toString('hex')}@example.com`;
    expect((await call('POST', '/v1/users', null, { email, password: PASSWORD })).status).toBe(201);
    return (await call('POST', '/v1/users/auth/login', null, { email, password: PASSWORD })).body.access_token;
  }

  async function settled(token: string, id: string): Promise<any> {
    let message: any;
    await until(
      async () => {
        message = (await call('GET', `/v1/messaging/messages/${id}`, token)).body;
        return ['sent', 'failed'].includes(message.status);
      },
      `message ${id} settled`,
      30_000,
      outputs,
      100,
    );
    return message;
  }

  it('lists the five messengers from their descriptors', async () => {
    const { status, body } = await call('GET', '/v1/messaging/sessions/messengers', await user());
    expect(status).toBe(200);
    const names = (Array.isArray(body) ? body : body.items).map((messenger: { name: string }) => messenger.name);
    expect(names.sort()).toEqual(['email', 'sandbox', 'sms', 'telegram', 'whatsapp']);
  });

  it('sms: credentials checked at Twilio, a message sent with its sid; another user cannot see or use the session', async () => {
    const token = await user();
    const sid = twilioAccountSid();
    twilio.addAccount(sid, 'twilio-auth-token');
    const session = await call('POST', '/v1/messaging/sessions/credentials', token, { messenger: 'sms', credentials: { account_sid: sid, auth_token: 'twilio-auth-token', from: '+15005550006' } });
    expect(session).toMatchObject({ status: 201, body: { messenger: 'sms', status: 'active' } });
    expect(JSON.stringify(session.body)).not.toContain('twilio-auth-token');

    const refused = await call('POST', '/v1/messaging/sessions/credentials', token, { messenger: 'sms', credentials: { account_sid: sid, auth_token: 'wrong', from: '+15005550006' } });
    expect(refused.status).toBe(422);

    const created = await call('POST', '/v1/messaging/message', token, { messenger: 'sms', session_id: session.body.id, to: '+1 (415) 555-2671', text: 'hello by SMS' });
    expect(created).toMatchObject({ status: 201, body: { to: '+14155552671', session_id: session.body.id } });
    const sent = await settled(token, created.body.id);
    expect(sent.status).toBe('sent');
    expect(sent.provider_message_id).toMatch(/^SM[0-9a-f]{32}$/);
    expect(twilio.accepted.filter((message) => message.sid === sent.provider_message_id)).toHaveLength(1);

    const stranger = await user();
    expect((await call('GET', `/v1/messaging/sessions/${session.body.id}`, stranger)).status).toBe(404);
    const foreign = await call('POST', '/v1/messaging/message', stranger, { messenger: 'sms', session_id: session.body.id, to: '+14155552671', text: 'not mine' });
    expect(foreign.status).toBe(422);
    expect((await call('POST', '/v1/messaging/message', token, { messenger: 'sms', session_id: session.body.id, to: 'not a phone', text: 'x' })).status).toBe(400);
  }, 60_000);

  it('sms: a session whose credentials are revoked mid-run fails its messages with the reason and turns expired', async () => {
    const token = await user();
    const sid = twilioAccountSid();
    twilio.addAccount(sid, 'soon-revoked-token');
    const session = (await call('POST', '/v1/messaging/sessions/credentials', token, { messenger: 'sms', credentials: { account_sid: sid, auth_token: 'soon-revoked-token', from: '+15005550006' } })).body;
    twilio.revoke(sid);
    const first = (await call('POST', '/v1/messaging/message', token, { messenger: 'sms', session_id: session.id, to: '+14155552672', text: 'one' })).body;
    const failed = await settled(token, first.id);
    expect(failed.status).toBe('failed');
    expect(failed.last_error).toMatch(/20003|authenticat/i);
    expect((await call('GET', `/v1/messaging/sessions/${session.id}`, token)).body.status).toBe('expired');
    const later = await call('POST', '/v1/messaging/message', token, { messenger: 'sms', session_id: session.id, to: '+14155552672', text: 'two' });
    expect(later.status).toBe(422);
  }, 60_000);

  it('email: SMTP credentials verified, the mail delivered with a Message-ID made from the message id', async () => {
    const token = await user();
    const credentials = { host: '127.0.0.1', port: smtp.port, secure: false, user: 'mailer', password: 'smtp-secret-password', from: 'Missive <noreply@example.com>' };
    const session = await call('POST', '/v1/messaging/sessions/credentials', token, { messenger: 'email', credentials });
    expect(session).toMatchObject({ status: 201, body: { status: 'active' } });
    const created = await call('POST', '/v1/messaging/message', token, { messenger: 'email', session_id: session.body.id, to: 'Ada@Example.COM', text: 'hello by email' });
    expect(created).toMatchObject({ status: 201, body: { to: 'Ada@example.com' } });
    const sent = await settled(token, created.body.id);
    expect(sent.status).toBe('sent');
    expect(smtp.withMessageId(sent.provider_message_id)).toHaveLength(1);
    expect(sent.provider_message_id).toContain(created.body.id);
  }, 60_000);

  it('whatsapp: a QR session scanned on the phone turns active through its webhook, then sends', async () => {
    const token = await user();
    const started = await call('POST', '/v1/messaging/sessions/qr', token, { messenger: 'whatsapp' });
    expect(started).toMatchObject({ status: 201, body: { status: 'pending_qr' } });
    expect(started.body.qr.image).toMatch(/^data:image\/png;base64,/);
    await evolution.scan(instanceNameOf(started.body.id), '5511999990000');
    let session: any;
    await until(async () => (session = (await call('GET', `/v1/messaging/sessions/${started.body.id}`, token)).body).status === 'active', 'the session active', 15_000, outputs, 100);
    const created = await call('POST', '/v1/messaging/message', token, { messenger: 'whatsapp', session_id: session.id, to: '+55 11 98888-7777', text: 'olá' });
    expect(created.status).toBe(201);
    const sent = await settled(token, created.body.id);
    expect(sent.status).toBe('sent');
    expect(evolution.calls.some((entry) => entry.path.includes('/message/sendText/'))).toBe(true);
    expect(sent.provider_message_id).toBeTruthy();
  }, 60_000);
});
