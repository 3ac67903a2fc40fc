import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiGateway } from '../src/api-gateway';
import { testConfig } from '../../../test/test-config';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: any;
}

export interface Gateway {
  app: NestFastifyApplication;
  request(method: string, url: string, options?: { body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<Reply>;
  close(): Promise<void>;
}

/** The API gateway on this run's database, driven in-process through Fastify's inject. */
export async function startGateway(overrides: Record<string, string> = {}): Promise<Gateway> {
  const app = await createApiGateway(testConfig(overrides), { shutdownHooks: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    async request(method, url, { body, raw, headers = {} } = {}) {
      const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
      const contentType = body === undefined ? {} : { 'content-type': 'application/json' };
      const response = await app.inject({ method: method as 'GET', url, payload, headers: { ...contentType, ...headers } });
      const isJson = /json/.test(String(response.headers['content-type'] ?? ''));
      return { status: response.statusCode, headers: response.headers, body: isJson && response.body ? response.json() : response.body };
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
