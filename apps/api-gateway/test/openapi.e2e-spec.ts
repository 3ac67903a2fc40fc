import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { compileErrors, validate } from '@readme/openapi-parser';
import { PlatformSettings } from '@app/platform';
import { FilesAmqpModule } from '@app/files';
import { MessagingAmqpModule } from '@app/messaging';
import { AppModule } from '../src/app.module';
import { buildOpenApiDocument, openApiDocument } from '../src/openapi';
import { testConfig } from '../../../test/test-config';
import { ROOT } from '../../../test/process';
import { filesApi } from './files';
import { bearer, Gateway, Session, signUp, startGateway } from './gateway';

type Schema = { $ref?: string; type?: string; properties?: Record<string, Schema>; items?: Schema; example?: unknown; allOf?: Schema[] };
type Operation = { summary?: string; security?: unknown[]; responses: Record<string, { content?: Record<string, { schema?: Schema }> }> };

const FILE = join(ROOT, 'docs/openapi.json');
const text = readFileSync(FILE, 'utf8');
const document = JSON.parse(text) as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })));
// why: a provider's session webhook carries no user credential; the session's own token in its URL authenticates it.
const PUBLIC = ['GET /', 'POST /v1/users', 'POST /v1/users/auth/login', 'POST /v1/users/auth/refresh', 'GET /health/live', 'GET /health/ready', 'POST /v1/webhooks/{messenger}/{session_id}'];

const resolve = (schema: Schema): Schema => (schema.$ref ? resolve(document.components.schemas[schema.$ref.split('/').pop()!]) : schema);

/** The example a reader of the document sees: each property's example, objects and arrays followed down. */
function exampleOf(schema: Schema): unknown {
  const resolved = resolve(schema);
  if (resolved.properties) return Object.fromEntries(Object.entries(resolved.properties).map(([name, property]) => [name, exampleOf(property)]));
  if (resolved.type === 'array' && resolved.items) return [exampleOf(resolved.items)];
  return resolved.example;
}

/** The keys of a value, nested ones as `a.b` and array items as `a[].b`: the shape to compare, not the values. */
function shapeOf(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.length ? shapeOf(value[0], `${prefix}[]`) : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [`${prefix}${key}`, ...shapeOf(inner, `${prefix}${key}.`)]).sort();
}

const successSchema = (route: string, status: string) => {
  const [method, path] = route.split(' ');
  return document.paths[path][method.toLowerCase()].responses[status].content!['application/json'].schema!;
};

describe('docs/openapi.json', () => {
  it('is what `npm run openapi` writes from this source tree (run it after changing a route)', async () => {
    expect(`${JSON.stringify(await buildOpenApiDocument(), null, 2)}\n`).toBe(text);
  });

  it('is a valid OpenAPI 3 document', async () => {
    const result = await validate(structuredClone(document) as never);
    expect(result.valid ? '' : compileErrors(result)).toBe('');
    expect(operations.length).toBeGreaterThan(15);
  });

  it('gives every operation a summary', () => {
    expect(operations.filter(({ operation }) => !operation.summary?.trim()).map(({ route }) => route)).toEqual([]);
  });

  it('documents 401 on every protected operation, and protects all but the public ones', () => {
    const unprotected = operations.filter(({ operation }) => !operation.security?.length).map(({ route }) => route);
    expect(unprotected.sort()).toEqual([...PUBLIC].sort());
    expect(operations.filter(({ operation }) => operation.security?.length && !operation.responses['401']).map(({ route }) => route)).toEqual([]);
  });

  it('gives every 2xx answer with a body a schema, and every 4xx the ProblemDetails schema', () => {
    const problems = operations.flatMap(({ route, operation }) =>
      Object.entries(operation.responses).flatMap(([status, response]) => {
        const bodies = Object.values(response.content ?? {});
        if (/^2/.test(status) && status !== '204' && (!bodies.length || bodies.some((body) => !body.schema))) return [`${route} ${status} has no schema`];
        if (/^4/.test(status) && response.content?.['application/problem+json']?.schema?.$ref !== '#/components/schemas/ProblemDetails') return [`${route} ${status} is no ProblemDetails`];
        return [];
      }),
    );
    expect(problems).toEqual([]);
  });

  it('documents 204 on deletes, 429 where a rate limit applies and 206/304/416 on file content', () => {
    const statuses = (route: string) => Object.keys(operations.find((o) => o.route === route)!.operation.responses);
    for (const route of operations.map((o) => o.route).filter((route) => route.startsWith('DELETE'))) expect(statuses(route)).toContain('204');
    for (const route of ['POST /v1/users', 'POST /v1/users/auth/login', 'POST /v1/users/auth/refresh']) expect(statuses(route)).toContain('429');
    expect(statuses('GET /v1/files/{id}/content')).toEqual(expect.arrayContaining(['200', '206', '304', '404', '416']));
  });

  it('gives an example for every property of every response schema', () => {
    const missing = Object.entries(document.components.schemas)
      .filter(([name]) => !name.endsWith('Request'))
      .flatMap(([name, schema]) =>
        Object.entries(schema.properties ?? {})
          .filter(([, property]) => !('example' in property) && !property.$ref && !(property.type === 'array'))
          .map(([property]) => `${name}.${property}`),
      );
    expect(missing).toEqual([]);
  });

  it('names only request, response and page shapes among its schemas, also in a process that holds the message consumers', async () => {
    expect(Object.keys(document.components.schemas).filter((name) => !/(Request|Response|Page)$|^ProblemDetails$/.test(name))).toEqual([]);
    // why: the all-in-one process adds the consumers to the gateway; their @Payload() types once leaked in (ConsumedBatch).
    const config = testConfig();
    const app = await NestFactory.create(AppModule.forRoot(config, [MessagingAmqpModule, FilesAmqpModule]), new FastifyAdapter(), { preview: true, logger: false });
    app.enableVersioning({ type: VersioningType.URI });
    try {
      expect(Object.keys(openApiDocument(app, config.get(PlatformSettings).version).components!.schemas!).sort()).toEqual(Object.keys(document.components.schemas).sort());
    } finally {
      await app.close();
    }
  });

  describe('examples with the keys of real answers', () => {
    let gateway: Gateway;

    beforeAll(async () => {
      gateway = await startGateway();
    });

    afterAll(() => gateway.close());

    it('serves the same document at /docs-json, but for the version', async () => {
      const served = (await gateway.request('GET', '/docs-json')).body;
      expect({ ...served, info: { ...served.info, version: null } }).toEqual({ ...document, info: { ...(document as any).info, version: null } });
    });

    it('answers the 413 and 415 it documents on a JSON route', async () => {
      const statuses = Object.keys(document.paths['/v1/users'].post.responses);
      const tooLarge = await gateway.request('POST', '/v1/users', { raw: `{"email":"${'a'.repeat(1_100_000)}"}`, headers: { 'content-type': 'application/json' } });
      const xml = await gateway.request('POST', '/v1/users', { raw: '<user/>', headers: { 'content-type': 'application/xml' } });
      expect([tooLarge.status, xml.status]).toEqual([413, 415]);
      expect(statuses).toEqual(expect.arrayContaining(['413', '415']));
    });

    it.each([
      ['POST /v1/messaging/message', '201', (session: Session) => gateway.request('POST', '/v1/messaging/message', { body: { messenger: 'sandbox', to: '+15550100', text: 'hi' }, headers: bearer(session.access_token) })],
      ['GET /v1/users/auth/current_user', '200', (session: Session) => gateway.request('GET', '/v1/users/auth/current_user', { headers: bearer(session.access_token) })],
      ['POST /v1/files/upload', '201', (session: Session) => filesApi(gateway).upload(session, 'phone\n+15550100\n')],
    ])('%s %s', async (route, status, call) => {
      const reply = await call(await signUp(gateway));
      expect(String(reply.status)).toBe(status);
      expect(shapeOf(exampleOf(successSchema(route, status)))).toEqual(shapeOf(reply.body));
    });
  });
});
