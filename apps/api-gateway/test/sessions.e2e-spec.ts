import { Test } from '@nestjs/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { configureHttpApp, fastifyAdapter, Metrics, PlatformSettings } from '@app/platform';
import { serveOpenApi } from '../src/openapi';
import { MessengerRegistry } from '@app/messaging/application/messenger-registry';
import { Messenger } from '@app/messaging/application/ports/messenger';
import { MeteredMessenger } from '@app/messaging/infrastructure/messengers/metered.messenger';
import { SandboxMessenger } from '@app/messaging/infrastructure/messengers/sandbox.messenger';
import {
  FAKE_API_KEY,
  FAKE_CODE,
  FAKE_PASSWORD,
  FakeCredentialsMessenger,
  FakeOtpMessenger,
  FakeQrMessenger,
  FakeUnavailableMessenger,
} from '@app/messaging/testing/fake-messengers';
import { AppModule } from '../src/app.module';
import { testConfig } from '../../../test/test-config';
import { Gateway, Session, UUID, bearer, driveGateway, expectInvalidField, expectProblem, signUp } from './gateway';

const SESSIONS = '/v1/messaging/sessions';
const PHONE = '+12015550123';
const TWO_STEP_PHONE = '+12015550199';
const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/;

/** The gateway with the fakes added to the adapters' list, the way MESSENGER_ADAPTERS adds a real one. */
async function startGatewayWith(fakes: readonly Messenger[]): Promise<Gateway> {
  const config = testConfig({ PUBLIC_BASE_URL: 'https://missive.example.com/' });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
    .overrideProvider(MessengerRegistry)
    .useFactory({
      factory: (metrics: Metrics, sandbox: SandboxMessenger) => new MessengerRegistry([sandbox, ...fakes].map((adapter) => new MeteredMessenger(adapter, metrics))),
      inject: [Metrics, SandboxMessenger],
    })
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(fastifyAdapter(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await configureHttpApp(app, { shutdownHooks: false });
  serveOpenApi(app, config.get(PlatformSettings).version);
  return driveGateway(app);
}

describe('Sessions', () => {
  const otp = new FakeOtpMessenger();
  const qr = new FakeQrMessenger();
  const credentials = new FakeCredentialsMessenger();
  const replies: string[] = [];
  let gateway: Gateway;
  let owner: Session;
  let stranger: Session;

  beforeAll(async () => {
    gateway = await startGatewayWith([otp, qr, credentials, new FakeUnavailableMessenger()]);
    [owner, stranger] = [await signUp(gateway), await signUp(gateway)];
  });

  afterAll(async () => {
    await gateway.close();
  });

  const call = async (method: string, url: string, body?: unknown, who: Session = owner) => {
    const reply = await gateway.request(method, url, { body, headers: bearer(who.access_token) });
    replies.push(reply.raw.toString('utf8'));
    return reply;
  };
  const stored = async (id: string) => {
    const [row] = await gateway.app.get(DataSource).query(`SELECT * FROM messaging.messenger_sessions WHERE id = $1`, [id]);
    return row as Record<string, unknown>;
  };
  const startOtp = async (phone = PHONE) => {
    const reply = await call('POST', `${SESSIONS}/otp`, { messenger: 'fake-otp', phone });
    expect(reply.status).toBe(201);
    return reply.body as { id: string };
  };

  describe('GET /v1/messaging/sessions/messengers', () => {
    it('lists every adapter from its descriptor, an added one too, with whether this server can use it', async () => {
      const reply = await call('GET', `${SESSIONS}/messengers`);
      expect(reply.status).toBe(200);
      expect(reply.body.map((m: { name: string }) => m.name)).toEqual(['sandbox', 'fake-otp', 'fake-qr', 'fake-credentials', 'fake-unavailable']);
      expect(reply.body[1]).toEqual({
        name: 'fake-otp',
        title: 'Fake otp messenger',
        connect: 'otp',
        password_step: true,
        recipients: ['phone'],
        features: expect.objectContaining({ text: true, media: false, delivery_receipts: false, provider_idempotency: false, status_lookup: false }),
        limits: { text_length: 1000, media: null, pace: { per_minute: 20, jitter_ms: 0 } },
        credentials: [],
        available: true,
        unavailable_reason: null,
      });
      expect(reply.body[3].credentials[0]).toEqual({ name: 'api_key', type: 'string', required: true, secret: true, description: 'The API key.', example: null });
      expect(reply.body[4]).toMatchObject({ available: false, unavailable_reason: 'set FAKE_API_ID and FAKE_API_HASH' });
    });

    it("puts the registry's names in the Swagger enum of every messenger field, and documents each session route", async () => {
      const { body: doc } = await gateway.request('GET', '/docs-json');
      const names = ['sandbox', 'fake-otp', 'fake-qr', 'fake-credentials', 'fake-unavailable'];
      for (const schema of ['QueueMessageRequest', 'StartOtpSessionRequest', 'StartQrSessionRequest', 'ConnectSessionRequest']) {
        expect(doc.components.schemas[schema].properties.messenger.enum).toEqual(names);
      }
      for (const route of ['otp', 'verify/otp', 'verify/password', 'qr', 'credentials']) {
        const operation = doc.paths[`${SESSIONS}/${route}`].post;
        expect(operation.requestBody.content['application/json'].schema.$ref).toMatch(/Request$/);
        expect(Object.values(operation.responses).some((r: any) => r.content?.['application/json']?.schema?.$ref === '#/components/schemas/SessionResponse')).toBe(true);
      }
      expect(doc.paths[`${SESSIONS}/verify/opt`].post.deprecated).toBe(true);
      expect(doc.paths[`${SESSIONS}/messengers`].get.responses['200'].content['application/json'].schema.items.$ref).toBe('#/components/schemas/MessengerResponse');
    });
  });

  describe('otp', () => {
    it('code → active, the phone normalised to E.164', async () => {
      const reply = await call('POST', `${SESSIONS}/otp`, { messenger: 'fake-otp', phone: '+1 (201) 555-0123' });
      expect(reply.status).toBe(201);
      expect(reply.body).toMatchObject({ id: expect.stringMatching(UUID), messenger: 'fake-otp', status: 'pending_code', address: PHONE, attempts_left: 5, qr: null });
      const verified = await call('POST', `${SESSIONS}/verify/otp`, { session_id: reply.body.id, code: FAKE_CODE });
      expect(verified.status).toBe(200);
      expect(verified.body).toMatchObject({ status: 'active', address: PHONE, display_name: 'Ann', expires_at: null, attempts_left: null });
    });

    it('code → password → active for an account with two-step verification; the deprecated /verify/opt works too', async () => {
      const { id } = await startOtp(TWO_STEP_PHONE);
      const coded = await call('POST', `${SESSIONS}/verify/opt`, { session_id: id, code: FAKE_CODE });
      expect(coded.body).toMatchObject({ status: 'pending_password' });
      const wrong = await call('POST', `${SESSIONS}/verify/password`, { session_id: id, password: 'wrong' });
      expect(expectProblem(wrong, 422).detail).toMatch(/password is wrong: 4 attempts left/);
      const verified = await call('POST', `${SESSIONS}/verify/password`, { session_id: id, password: FAKE_PASSWORD });
      expect(verified.body).toMatchObject({ status: 'active', address: TWO_STEP_PHONE });
    });

    it('answers 422 to a wrong code, counting attempts, and locks the session at the fifth', async () => {
      const { id } = await startOtp();
      for (let left = 4; left >= 1; left--) {
        expect(expectProblem(await call('POST', `${SESSIONS}/verify/otp`, { session_id: id, code: '00000' }), 422).detail).toMatch(`${left} attempts left`);
      }
      expect(expectProblem(await call('POST', `${SESSIONS}/verify/otp`, { session_id: id, code: '00000' }), 422).detail).toMatch(/locked/);
      expect((await call('GET', `${SESSIONS}/${id}`)).body).toMatchObject({ status: 'failed', reason: 'locked after 5 wrong attempts' });
      expect(expectProblem(await call('POST', `${SESSIONS}/verify/otp`, { session_id: id, code: FAKE_CODE }), 409).detail).toMatch(/is failed/);
    });

    it('expires a code not used in time', async () => {
      const { id } = await startOtp();
      await gateway.app.get(DataSource).query(`UPDATE messaging.messenger_sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
      const late = await call('POST', `${SESSIONS}/verify/otp`, { session_id: id, code: FAKE_CODE });
      expect(expectProblem(late, 409).detail).toMatch(/expired \(the code was not entered in time\)/);
      expect((await stored(id)).status).toBe('expired');
    });

    it('answers 400 naming the field to "not a phone", and the right route to another connect style', async () => {
      expectInvalidField(await call('POST', `${SESSIONS}/otp`, { messenger: 'fake-otp', phone: 'not a phone' }), 'phone');
      expect(expectProblem(await call('POST', `${SESSIONS}/otp`, { messenger: 'fake-qr', phone: PHONE }), 400).detail).toMatch('POST /v1/messaging/sessions/qr');
      expect(expectProblem(await call('POST', `${SESSIONS}/qr`, { messenger: 'sandbox' }), 400).detail).toMatch(/needs no session/);
      expect(expectProblem(await call('POST', `${SESSIONS}/otp`, { messenger: 'nope', phone: PHONE }), 400).detail).toMatch(/use one of sandbox, fake-otp/);
      expect(expectProblem(await call('POST', `${SESSIONS}/otp`, { messenger: 'fake-unavailable', phone: PHONE }), 422).detail).toMatch('set FAKE_API_ID');
    });
  });

  describe('qr', () => {
    it('shows a PNG QR, rotates it on GET, and turns active when the phone has scanned it', async () => {
      const reply = await call('POST', `${SESSIONS}/qr`, { messenger: 'fake-qr' });
      expect(reply.status).toBe(201);
      expect(reply.body).toMatchObject({ status: 'pending_qr', qr: { image: expect.stringMatching(PNG_DATA_URL), pairing_code: 'PAIR0000' } });
      const { id } = reply.body;
      const polled = await call('GET', `${SESSIONS}/${id}`);
      expect(polled.body.qr).toEqual({ image: expect.stringMatching(PNG_DATA_URL), pairing_code: 'PAIR0001' });
      expect(polled.body.qr.image).not.toBe(reply.body.qr.image);
      qr.scan(id, '+12015550111');
      expect((await call('GET', `${SESSIONS}/${id}`)).body).toMatchObject({ status: 'active', address: '+12015550111', qr: null });
    });

    it('takes the webhook with the session token only: QR rotated, connected, disconnected', async () => {
      const { id } = (await call('POST', `${SESSIONS}/qr`, { messenger: 'fake-qr' })).body;
      const start = qr.starts.find((s) => s.sessionId === id)!;
      expect(start.webhookUrl).toBe(`https://missive.example.com/v1/webhooks/fake-qr/${id}?token=${start.webhookSecret}`);
      const hook = (token: string, body: unknown) => gateway.request('POST', `/v1/webhooks/fake-qr/${id}?token=${encodeURIComponent(token)}`, { body });
      const connected = { event: 'connection.update', data: { state: 'open', number: '+12015550122' } };
      expectProblem(await hook('forged', connected), 401);
      expectProblem(await gateway.request('POST', `/v1/webhooks/fake-qr/${id}`, { body: connected }), 401);
      expectProblem(await gateway.request('POST', `/v1/webhooks/fake-otp/${id}?token=${start.webhookSecret}`, { body: connected }), 401);
      expect((await stored(id)).status).toBe('pending_qr');
      qr.down = true;
      try {
        expect((await hook(start.webhookSecret, { event: 'qrcode.updated', data: { code: 'from-webhook', pairingCode: 'HOOK0001' } })).body).toEqual({ applied: 1 });
        expect((await call('GET', `${SESSIONS}/${id}`)).body.qr.pairing_code).toBe('HOOK0001');
        expect((await hook(start.webhookSecret, { event: 'presence.update' })).body).toEqual({ applied: 0 });
        expect((await hook(start.webhookSecret, connected)).status).toBe(200);
        expect((await call('GET', `${SESSIONS}/${id}`)).body).toMatchObject({ status: 'active', address: '+12015550122' });
        await hook(start.webhookSecret, { event: 'connection.update', data: { state: 'close', reason: 'logged out from the phone' } });
        expect((await call('GET', `${SESSIONS}/${id}`)).body).toMatchObject({ status: 'expired', reason: 'logged out from the phone' });
      } finally {
        qr.down = false;
      }
    });
  });

  describe('credentials', () => {
    it('answers 201 active when the provider takes them, 422 saying what it refused, 400 naming a bad field', async () => {
      const ok = await call('POST', `${SESSIONS}/credentials`, { messenger: 'fake-credentials', credentials: { api_key: FAKE_API_KEY, from: '+12015550100' } });
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({ status: 'active', address: '+12015550100' });
      const refused = await call('POST', `${SESSIONS}/credentials`, { messenger: 'fake-credentials', credentials: { api_key: 'revoked', from: '+12015550100' } });
      expect(expectProblem(refused, 422).detail).toMatch(/refused the API key: 401/);
      const missing = await call('POST', `${SESSIONS}/credentials`, { messenger: 'fake-credentials', credentials: { from: '+12015550100', port: 'x' } });
      expect(expectProblem(missing, 400).detail).toMatch(/credentials\.api_key is required; credentials\.port must be a whole number/);
      expectInvalidField(await call('POST', `${SESSIONS}/credentials`, { messenger: 'fake-credentials', credentials: 'text' }), 'credentials');
    });
  });

  describe('list, get, delete', () => {
    it("lists the caller's sessions by page, and logs one out at the provider on DELETE", async () => {
      const { id } = (await call('POST', `${SESSIONS}/credentials`, { messenger: 'fake-credentials', credentials: { api_key: FAKE_API_KEY, from: '+12015550177' } })).body;
      const first = await call('GET', `${SESSIONS}?limit=1`);
      expect(first.body).toEqual({ items: [expect.objectContaining({ id, status: 'active' })], next_cursor: id });
      const second = await call('GET', `${SESSIONS}?limit=100&cursor=${id}`);
      expect(second.body.items.length).toBeGreaterThan(3);
      expect(second.body.items.map((s: { id: string }) => s.id)).not.toContain(id);
      expect((await call('DELETE', `${SESSIONS}/${id}`)).status).toBe(204);
      expect(credentials.logouts).toEqual([expect.objectContaining({ id, secrets: { api_key: FAKE_API_KEY, from: '+12015550177' } })]);
      expect((await call('GET', `${SESSIONS}/${id}`)).body).toMatchObject({ status: 'revoked', reason: 'logged out by its owner' });
      expect((await stored(id)).secrets).toBeNull();
    });

    it("answers 404 to another user's session, on every route", async () => {
      const { id } = await startOtp();
      expectProblem(await call('GET', `${SESSIONS}/${id}`, undefined, stranger), 404);
      expectProblem(await call('DELETE', `${SESSIONS}/${id}`, undefined, stranger), 404);
      expectProblem(await call('POST', `${SESSIONS}/verify/otp`, { session_id: id, code: FAKE_CODE }, stranger), 404);
      expect((await call('GET', SESSIONS, undefined, stranger)).body.items).toEqual([]);
      expect((await stored(id)).status).toBe('pending_code');
    });
  });

  it('never shows a secret: not in any response, and only encrypted in the table', async () => {
    const secrets = ['SESSION-STRING-', FAKE_API_KEY, 'INSTANCE-TOKEN-', 'hash-of-', FAKE_PASSWORD, ...qr.starts.map((s) => s.webhookSecret)];
    for (const raw of replies) for (const secret of secrets) expect(raw).not.toContain(secret);
    const rows: { id: string; secrets: string | null; webhook_secret_hash: string | null }[] = await gateway.app
      .get(DataSource)
      .query(`SELECT id, secrets, webhook_secret_hash FROM messaging.messenger_sessions WHERE owner_id = $1`, [owner.id]);
    expect(rows.filter((row) => row.secrets !== null).length).toBeGreaterThan(2);
    for (const row of rows) {
      if (row.secrets !== null) expect(row.secrets).toMatch(/^v1\.[0-9a-f]{8}\.[\w-]+\.[\w-]+\.[\w-]+$/);
      for (const secret of secrets) expect(JSON.stringify(row)).not.toContain(secret);
    }
  });
});
