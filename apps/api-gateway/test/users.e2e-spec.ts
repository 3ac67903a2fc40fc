import { PlatformSettings } from '@app/platform';
import { JwtSettings } from '@app/users';
import { freePort, runApp, until, waitForOk, within } from '../../../test/process';
import { testConfig } from '../../../test/test-config';
import { randomUUID } from 'node:crypto';
import { Gateway, PASSWORD, UUID, bearer, expectInvalidField, expectProblem, logIn, register, signUp, startGateway, uniqueEmail } from './gateway';

const LOGIN = '/v1/users/auth/login';
const REFRESH = '/v1/users/auth/refresh';
const LOGOUT = '/v1/users/auth/logout';
const CURRENT_USER = '/v1/users/auth/current_user';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('users and auth', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startGateway();
  });

  afterAll(async () => {
    await gateway.close();
  });

  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

  describe('POST /v1/users', () => {
    it('registers a user and answers 201 with its uuid', async () => {
      const reply = await gateway.request('POST', '/v1/users', { body: { email: uniqueEmail(), password: PASSWORD } });

      expect(reply.status).toBe(201);
      expect(reply.body).toEqual({ id: expect.stringMatching(UUID) });
    });

    it('rejects a malformed JSON body with 400', async () => {
      const reply = await gateway.request('POST', '/v1/users', { raw: '{', headers: { 'content-type': 'application/json' } });

      expectProblem(reply, 400);
    });

    it('rejects an empty JSON body with 400', async () => {
      const reply = await gateway.request('POST', '/v1/users', { raw: '', headers: { 'content-type': 'application/json' } });

      expectProblem(reply, 400);
    });

    it('rejects a request without a body with 400', async () => {
      expectProblem(await gateway.request('POST', '/v1/users'), 400);
    });

    it('rejects a text/plain body with a 4xx problem, not a 500', async () => {
      const reply = await gateway.request('POST', '/v1/users', { raw: `${uniqueEmail()} ${PASSWORD}`, headers: { 'content-type': 'text/plain' } });

      expect([400, 415]).toContain(reply.status);
      expectProblem(reply, reply.status);
    });

    it.each([
      ['a missing email', { password: PASSWORD }, 'email'],
      ['a missing password', { email: uniqueEmail() }, 'password'],
      ['an extra field', { email: uniqueEmail(), password: PASSWORD, nickname: 'ada' }, 'nickname'],
      ['a role', { email: uniqueEmail(), password: PASSWORD, role: 'admin' }, 'role'],
      ['a numeric email', { email: 42, password: PASSWORD }, 'email'],
      ['a boolean password', { email: uniqueEmail(), password: true }, 'password'],
      ['a 300-character email', { email: `${'a'.repeat(288)}@example.com`, password: PASSWORD }, 'email'],
      ['a 200-character password', { email: uniqueEmail(), password: `${PASSWORD}${'x'.repeat(200 - PASSWORD.length)}` }, 'password'],
      ['an invalid email', { email: 'not-an-email', password: PASSWORD }, 'email'],
      ['a short password', { email: uniqueEmail(), password: 'short1A' }, 'password'],
      ['a one-kind password', { email: uniqueEmail(), password: 'alllowercaseletters' }, 'password'],
      ['a common password', { email: uniqueEmail(), password: 'password123' }, 'password'],
    ])('rejects %s with a 400 naming the field', async (_case, body, field) => {
      expectInvalidField(await gateway.request('POST', '/v1/users', { body }), field);
    });

    it('creates no admin when a role is sent at registration', async () => {
      const email = uniqueEmail();
      expectProblem(await gateway.request('POST', '/v1/users', { body: { email, password: PASSWORD, role: 'admin' } }), 400);
      await register(gateway, email);
      const { access_token } = await logIn(gateway, email);

      const reply = await gateway.request('GET', CURRENT_USER, { headers: bearer(access_token) });

      expect(reply.body.role).toBe('user');
    });

    it('answers 409 to an email already taken, whatever its letter case', async () => {
      const { email } = await register(gateway);

      expectProblem(await gateway.request('POST', '/v1/users', { body: { email, password: PASSWORD } }), 409);
      expectProblem(await gateway.request('POST', '/v1/users', { body: { email: email.toUpperCase(), password: PASSWORD } }), 409);
    });

    it('answers one of 8 registrations of one email at once with 201 and the 7 others with a 409 problem', async () => {
      const email = uniqueEmail();

      const replies = await Promise.all(Array.from({ length: 8 }, () => gateway.request('POST', '/v1/users', { body: { email, password: PASSWORD } })));

      expect(replies.map((reply) => reply.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
      for (const reply of replies.filter(({ status }) => status === 409)) {
        expect(expectProblem(reply, 409)).toMatchObject({ code: 'email_already_taken', detail: expect.stringContaining(email) });
      }
    });
  });

  describe('POST /v1/users/auth/login', () => {
    it('answers a token pair to a JSON login', async () => {
      const { email } = await register(gateway);

      const reply = await gateway.request('POST', LOGIN, { body: { email, password: PASSWORD } });

      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: expect.any(Number),
        refresh_token: expect.any(String),
      });
      expect(reply.body.expires_in).toBeGreaterThan(0);
    });

    it('answers a token pair to an OAuth2 password form', async () => {
      const { email } = await register(gateway);

      const reply = await gateway.request('POST', LOGIN, { raw: form({ username: email, password: PASSWORD, grant_type: 'password' }), headers: FORM });

      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ access_token: expect.any(String), token_type: 'Bearer', refresh_token: expect.any(String) });
    });

    it('answers a wrong password exactly as an unknown email, with 401', async () => {
      const { email } = await register(gateway);

      const wrongPassword = expectProblem(await gateway.request('POST', LOGIN, { body: { email, password: `${PASSWORD}!` } }), 401);
      const unknownEmail = expectProblem(await gateway.request('POST', LOGIN, { body: { email: uniqueEmail(), password: PASSWORD } }), 401);

      expect(wrongPassword.detail).toBe(unknownEmail.detail);
    });

    it('rejects a grant type other than password with 400', async () => {
      const { email } = await register(gateway);

      const reply = await gateway.request('POST', LOGIN, { raw: form({ username: email, password: PASSWORD, grant_type: 'client_credentials' }), headers: FORM });

      expectInvalidField(reply, 'grant_type');
    });

    it('rejects a login without a password with 400', async () => {
      expectInvalidField(await gateway.request('POST', LOGIN, { body: { email: uniqueEmail() } }), 'password');
    });
  });

  describe('GET /v1/users/auth/current_user', () => {
    it('answers the logged-in user, its email lower-cased', async () => {
      const email = uniqueEmail().replace('user', 'Mixed.Case');
      const { id } = await register(gateway, email);
      const { access_token } = await logIn(gateway, email);

      const reply = await gateway.request('GET', CURRENT_USER, { headers: bearer(access_token) });

      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ id, email: email.toLowerCase(), role: 'user', created_at: expect.any(String) });
      expect(new Date(reply.body.created_at).toISOString()).toBe(reply.body.created_at);
    });
  });

  describe('POST /v1/users/auth/refresh', () => {
    const refresh = (refresh_token: string) => gateway.request('POST', REFRESH, { body: { refresh_token } });
    const currentUser = (token: string) => gateway.request('GET', CURRENT_USER, { headers: bearer(token) });

    it('answers a new token pair that works', async () => {
      const session = await signUp(gateway);

      const reply = await refresh(session.refresh_token);

      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String), refresh_token: expect.any(String) });
      expect(reply.body.refresh_token).not.toBe(session.refresh_token);
      expect((await currentUser(reply.body.access_token)).body.id).toBe(session.id);
    });

    it('rejects a refresh token already used with 401', async () => {
      const session = await signUp(gateway);
      expect((await refresh(session.refresh_token)).status).toBe(200);

      expectProblem(await refresh(session.refresh_token), 401);
    });

    it('revokes the whole session when a used refresh token comes back', async () => {
      const session = await signUp(gateway);
      const second = (await refresh(session.refresh_token)).body;

      expectProblem(await refresh(session.refresh_token), 401);

      expectProblem(await refresh(second.refresh_token), 401);
      expectProblem(await currentUser(second.access_token), 401);
      expectProblem(await currentUser(session.access_token), 401);
    });

    it.each([
      ['an unknown refresh token', () => `${randomUUID()}.${'x'.repeat(43)}`],
      ['a refresh token without a session id', () => 'garbage'],
      ['a refresh token whose session id is uuid-shaped but not a uuid', () => `${'a'.repeat(36)}.${'x'.repeat(43)}`],
    ])('rejects %s with 401', async (_case, token) => {
      expectProblem(await refresh(token()), 401);
    });

    it('rejects a refresh request without a token with 400', async () => {
      expectInvalidField(await gateway.request('POST', REFRESH, { body: {} }), 'refresh_token');
    });
  });

  describe('POST /v1/users/auth/logout', () => {
    it('answers 204 and ends the session: its access and refresh tokens then answer 401', async () => {
      const session = await signUp(gateway);

      const reply = await gateway.request('POST', LOGOUT, { headers: bearer(session.access_token) });

      expect(reply.status).toBe(204);
      expectProblem(await gateway.request('GET', CURRENT_USER, { headers: bearer(session.access_token) }), 401);
      expectProblem(await gateway.request('POST', REFRESH, { body: { refresh_token: session.refresh_token } }), 401);
    });

    it('ends the session in every gateway process, also one that has just authenticated it from its cache', async () => {
      const port = await freePort();
      const config = testConfig();
      const other = runApp('api-gateway', [], { DATABASE_URL: config.get(PlatformSettings).databaseUrl, JWT_SECRET: config.get(JwtSettings).secret, PORT: String(port), OPS_PORT: '0', LOG_LEVEL: 'warn' });
      try {
        await waitForOk(`http://127.0.0.1:${port}/health/ready`, other);
        const session = await signUp(gateway);
        const currentUser = async () => (await fetch(`http://127.0.0.1:${port}${CURRENT_USER}`, { headers: bearer(session.access_token) })).status;
        expect([await currentUser(), await currentUser()]).toEqual([200, 200]);

        expect((await gateway.request('POST', LOGOUT, { headers: bearer(session.access_token) })).status).toBe(204);

        await until(async () => (await currentUser()) === 401, 'the other gateway to refuse the token', 1_000);
      } finally {
        other.child.kill('SIGTERM');
        await within(other.exited, 15_000, 'the other gateway to stop');
      }
    }, 40_000);

    it('answers 400 to an API key, which is revoked instead', async () => {
      const session = await signUp(gateway);
      const { key } = (await gateway.request('POST', '/v1/users/api-keys', { body: { name: 'ci' }, headers: bearer(session.access_token) })).body;

      const reply = await gateway.request('POST', LOGOUT, { headers: { 'x-api-key': key } });

      expectProblem(reply, 400);
      expect((await gateway.request('GET', CURRENT_USER, { headers: { 'x-api-key': key } })).status).toBe(200);
    });
  });
});
