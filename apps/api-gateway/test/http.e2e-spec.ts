import { Gateway, PASSWORD, UUID, expectProblem, startGateway, uniqueEmail } from './gateway';

const CURRENT_USER = '/v1/users/auth/current_user';

describe('HTTP surface of the gateway', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startGateway();
  });

  afterAll(async () => {
    await gateway.close();
  });

  describe('service routes', () => {
    it('GET / answers the service name, version and a link to the docs', async () => {
      const reply = await gateway.request('GET', '/');

      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ name: expect.any(String), version: expect.any(String), links: { docs: '/docs' } });
    });

    it.each(['/health/live', '/health/ready'])('GET %s answers 200 without credentials', async (url) => {
      const reply = await gateway.request('GET', url);

      expect(reply.status).toBe(200);
      expect(reply.body.status).toBe('ok');
    });

    it('GET /docs answers the Swagger UI page', async () => {
      const reply = await gateway.request('GET', '/docs');

      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toMatch(/^text\/html/);
      expect(reply.body).toContain('<html');
    });
  });

  describe('GET /docs-json', () => {
    let document: any;

    beforeAll(async () => {
      const reply = await gateway.request('GET', '/docs-json');
      expect(reply.status).toBe(200);
      document = reply.body;
    });

    it('is an OpenAPI 3 document', () => {
      expect(document.openapi).toMatch(/^3\./);
    });

    it('documents every route', () => {
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining([
          '/',
          '/v1/users',
          '/v1/users/auth/login',
          '/v1/users/auth/refresh',
          '/v1/users/auth/logout',
          '/v1/users/auth/current_user',
          '/v1/users/api-keys',
          '/v1/users/api-keys/{id}',
          '/health/live',
          '/health/ready',
        ]),
      );
    });

    it('declares bearer, X-Api-Key and OAuth2 password security schemes', () => {
      const schemes = Object.values(document.components.securitySchemes);

      expect(schemes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'http', scheme: 'bearer' }),
          expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }),
          expect.objectContaining({ type: 'oauth2', flows: { password: expect.objectContaining({ tokenUrl: '/v1/users/auth/login' }) } }),
        ]),
      );
    });
  });

  describe('correlation id', () => {
    it('echoes a caller X-Request-Id in the headers and in error bodies', async () => {
      const reply = await gateway.request('GET', CURRENT_USER, { headers: { 'x-request-id': 'abc-123' } });

      expect(reply.headers['x-request-id']).toBe('abc-123');
      expect(expectProblem(reply, 401).correlation_id).toBe('abc-123');
    });

    it('echoes it on successful answers too', async () => {
      const reply = await gateway.request('GET', '/health/live', { headers: { 'x-request-id': 'abc-123' } });

      expect(reply.status).toBe(200);
      expect(reply.headers['x-request-id']).toBe('abc-123');
    });

    it('accepts X-Correlation-Id', async () => {
      const reply = await gateway.request('GET', CURRENT_USER, { headers: { 'x-correlation-id': 'corr-456' } });

      expect(reply.headers['x-request-id']).toBe('corr-456');
      expect(reply.body.correlation_id).toBe('corr-456');
    });

    it.each([
      ['a 300-character value', 'a'.repeat(300)],
      ['a value with spaces', 'abc 123'],
    ])('replaces %s with a generated uuid', async (_case, offered) => {
      const reply = await gateway.request('GET', CURRENT_USER, { headers: { 'x-request-id': offered } });

      expect(reply.headers['x-request-id']).toEqual(expect.stringMatching(UUID));
      expect(reply.body.correlation_id).toBe(reply.headers['x-request-id']);
    });

    it('generates a uuid when none is sent', async () => {
      const reply = await gateway.request('GET', CURRENT_USER);

      expect(reply.headers['x-request-id']).toEqual(expect.stringMatching(UUID));
      expect(reply.body.correlation_id).toBe(reply.headers['x-request-id']);
    });
  });

  describe('errors', () => {
    it('answers an unknown route with a 404 problem', async () => {
      expectProblem(await gateway.request('GET', '/v1/nowhere'), 404);
    });

    it('answers a body larger than 1 MiB with a 413 problem', async () => {
      const raw = JSON.stringify({ email: uniqueEmail(), password: 'x'.repeat(1024 * 1024) });

      expectProblem(await gateway.request('POST', '/v1/users', { raw, headers: { 'content-type': 'application/json' } }), 413);
    });
  });

  describe('auth rate limit', () => {
    let limited: Gateway;

    beforeAll(async () => {
      limited = await startGateway({ AUTH_RATE_LIMIT_PER_MINUTE: '3' });
    });

    afterAll(async () => {
      await limited.close();
    });

    it('answers the 4th login from one address with 429 and Retry-After, and leaves other routes alone', async () => {
      const attempt = () => limited.request('POST', '/v1/users/auth/login', { body: { email: uniqueEmail(), password: PASSWORD } });
      for (let i = 0; i < 3; i += 1) expect((await attempt()).status).toBe(401);

      const reply = await attempt();

      expectProblem(reply, 429);
      expect(String(reply.headers['retry-after'])).toMatch(/^[1-9]\d*$/);
      for (let i = 0; i < 5; i += 1) expect((await limited.request('GET', '/health/live')).status).toBe(200);
    });
  });
});
