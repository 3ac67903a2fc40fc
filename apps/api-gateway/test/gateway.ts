import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiGateway } from '../src/api-gateway';
import { testConfig } from '../../../test/test-config';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: any;
  /** The body's bytes as they came. */
  raw: Buffer;
}

export interface Gateway {
  app: NestFastifyApplication;
  request(method: string, url: string, options?: { body?: unknown; raw?: string | Buffer; headers?: Record<string, string> }): Promise<Reply>;
  close(): Promise<void>;
}

/** The API gateway on this run's database, driven in-process through Fastify's inject. */
export async function startGateway(overrides: Record<string, string> = {}): Promise<Gateway> {
  return gatewayOf(await createApiGateway(testConfig(overrides), { shutdownHooks: false }));
}

/** A gateway app, initialised and driven in-process through Fastify's inject. */
export async function gatewayOf(app: NestFastifyApplication): Promise<Gateway> {
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    async request(method, url, { body, raw, headers = {} } = {}) {
      const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
      const contentType = body === undefined ? {} : { 'content-type': 'application/json' };
      const response = await app.inject({ method: method as 'GET', url, payload, headers: { ...contentType, ...headers } });
      const isJson = /json/.test(String(response.headers['content-type'] ?? ''));
      return { status: response.statusCode, headers: response.headers, body: isJson && response.body ? response.json() : response.body, raw: response.rawPayload };
    },
    close: () => app.close(),
  };
}

let counter = 0;

export function uniqueEmail(): string {
  counter += 1;
  return `user-${process.pid}-${Date.now().toString(36)}-${counter}@example.com`;
}

export const PASSWORD = 'correct-Horse-battery-9';

export interface Session {
  id: string;
  email: string;
  access_token: string;
  refresh_token: string;
}

export async function register(gateway: Gateway, email = uniqueEmail(), password = PASSWORD): Promise<{ id: string; email: string }> {
  const reply = await gateway.request('POST', '/v1/users', { body: { email, password } });
  expect(reply.status).toBe(201);
  return { id: reply.body.id, email };
}

export async function logIn(gateway: Gateway, email: string, password = PASSWORD): Promise<{ access_token: string; refresh_token: string }> {
  const reply = await gateway.request('POST', '/v1/users/auth/login', { body: { email, password } });
  expect(reply.status).toBe(200);
  return reply.body;
}

/** A new user, registered and logged in. */
export async function signUp(gateway: Gateway): Promise<Session> {
  const { id, email } = await register(gateway);
  return { id, email, ...(await logIn(gateway, email)) };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Asserts an RFC 9457 answer with this status and a human-readable detail; returns its body. */
export function expectProblem(reply: Reply, status: number): any {
  expect({ status: reply.status, body: reply.body }).toMatchObject({ status, body: { status } });
  expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(reply.body.detail).toEqual(expect.stringMatching(/\w+ \w+/));
  return reply.body;
}

/** Asserts a 400 validation problem that names `field` among its errors. */
export function expectInvalidField(reply: Reply, field: string): void {
  const body = expectProblem(reply, 400);
  expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
}
