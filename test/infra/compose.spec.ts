import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Settings } from '@app/platform';
import { APP_SETTINGS } from '../app-settings';

interface Service {
  image?: string;
  volumes?: (string | { source?: string; target?: string })[];
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, unknown> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: unknown; disable?: boolean };
  ports?: (string | number | { published?: string | number })[];
}

const root = join(__dirname, '..', '..');
// why: point these at a deliberately broken copy to see the spec fail.
const composePath = () => process.env.MISSIVE_COMPOSE_FILE ?? join(root, 'docker-compose.yml');
const dockerfilePath = () => process.env.MISSIVE_DOCKERFILE ?? join(root, 'Dockerfile');
const APPS = ['api-gateway', 'outbox-relay', 'dispatcher'];
const INFRA = ['postgres', 'rabbitmq', 'minio'];

const withDefaults = (text: string) => text.replace(/\$\{\w+(?::?-([^}]*))?\}/g, (_, fallback = '') => fallback);

function environment(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  const entries = Array.isArray(env) ? env.map((line) => line.split(/=(.*)/s)) : Object.entries(env);
  return Object.fromEntries(entries.map(([key, value]) => [key, withDefaults(String(value ?? ''))]));
}

function dependencies(service: Service): Record<string, string> {
  const deps = service.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([name, dep]) => [name, dep?.condition ?? 'service_started']));
}

function publishedPorts(service: Service): string[] {
  return (service.ports ?? []).flatMap((port) => {
    if (typeof port === 'object') return port.published === undefined ? [] : [String(port.published)];
    const parts = String(port).replace(/\/\w+$/, '').split(':');
    return parts.length > 1 ? [parts[parts.length - 2]] : [];
  });
}

function pinningProblem(image: string): string | undefined {
  const name = withDefaults(image).split('/').pop() ?? '';
  if (name.includes('@sha256:')) return undefined;
  if (!name.includes(':')) return `image "${image}" has no tag`;
  return name.endsWith(':latest') ? `image "${image}" uses :latest` : undefined;
}

function findCycle(graph: Record<string, string[]>): string[] | undefined {
  const done = new Set<string>();
  const visit = (node: string, path: string[]): string[] | undefined => {
    if (path.includes(node)) return [...path.slice(path.indexOf(node)), node];
    if (done.has(node)) return undefined;
    for (const next of graph[node] ?? []) {
      const cycle = visit(next, [...path, node]);
      if (cycle) return cycle;
    }
    done.add(node);
    return undefined;
  };
  return Object.keys(graph).map((node) => visit(node, [])).find(Boolean);
}

/** Bind mounts of a service, as [path in the repository, path in the container]. */
function bindMounts(service: Service): [string, string][] {
  return (service.volumes ?? []).flatMap((volume) => {
    const [source = '', target = ''] = typeof volume === 'string' ? volume.split(':') : [volume.source ?? '', volume.target ?? ''];
    return source.startsWith('./') ? [[source.slice(2), target] as [string, string]] : [];
  });
}

describe('docker-compose.yml', () => {
  const services: Record<string, Service> = parse(readFileSync(composePath(), 'utf8'), { merge: true }).services ?? {};
  const entries = Object.entries(services);

  it('declares the infrastructure, the migration job and the three apps', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining([...INFRA, 'migrate', ...APPS]));
  });

  it('gives every service an image or a build', () => {
    expect(entries.filter(([, s]) => !s.image && !s.build).map(([name]) => `${name} has neither image nor build`)).toEqual([]);
  });

  it('gives every long-running service a healthcheck', () => {
    const missing = entries
      .filter(([name, s]) => name !== 'migrate' && (!s.healthcheck?.test || s.healthcheck.disable))
      .map(([name]) => `${name} has no healthcheck`);
    expect(missing).toEqual([]);
  });

  it('pins every image', () => {
    const problems = entries.flatMap(([name, s]) => {
      const problem = s.image ? pinningProblem(s.image) : undefined;
      return problem ? [`${name}: ${problem}`] : [];
    });
    expect(problems).toEqual([]);
  });

  it.each(APPS)('configures %s for broker mode with S3 storage', (app) => {
    const env = environment(services[app] ?? {});
    const problems = [
      ...['DATABASE_URL', 'AMQP_URL', 'JWT_SECRET'].filter((key) => !env[key]).map((key) => `${app} lacks ${key}`),
      ...(env.OUTBOX_DISPATCH === 'broker' ? [] : [`${app} has OUTBOX_DISPATCH=${env.OUTBOX_DISPATCH}, expected broker`]),
      ...(env.STORAGE_DRIVER === 's3' ? [] : [`${app} has STORAGE_DRIVER=${env.STORAGE_DRIVER}, expected s3`]),
    ];
    expect(problems).toEqual([]);
  });

  it.each(APPS)('starts %s only after healthy infrastructure and finished migrations', (app) => {
    const deps = dependencies(services[app] ?? {});
    const expected = { ...Object.fromEntries(INFRA.map((name) => [name, 'service_healthy'])), migrate: 'service_completed_successfully' };
    const problems = Object.entries(expected)
      .filter(([name, condition]) => deps[name] !== condition)
      .map(([name, condition]) => `${app} depends on ${name} with ${deps[name] ?? 'nothing'}, expected ${condition}`);
    expect(problems).toEqual([]);
  });

  it('runs migrations once postgres is healthy', () => {
    expect(dependencies(services.migrate ?? {}).postgres).toBe('service_healthy');
  });

  it('depends only on services that exist', () => {
    const dangling = entries.flatMap(([name, s]) =>
      Object.keys(dependencies(s)).filter((dep) => !services[dep]).map((dep) => `${name} depends on unknown service ${dep}`),
    );
    expect(dangling).toEqual([]);
  });

  it('has no dependency cycle', () => {
    const graph = Object.fromEntries(entries.map(([name, s]) => [name, Object.keys(dependencies(s))]));
    expect(findCycle(graph)?.join(' -> ')).toBeUndefined();
  });

  it.each([
    ['api-gateway', ['3000']],
    ['rabbitmq', ['5672', '15672']],
    ['minio', ['9001']],
  ])('publishes the ports of %s', (name, ports) => {
    expect(publishedPorts(services[name] ?? {})).toEqual(expect.arrayContaining(ports));
  });

  it.each([
    ['api-gateway', 'PORT'],
    ['outbox-relay', 'OPS_PORT'],
    ['dispatcher', 'OPS_PORT'],
  ])('probes %s on the port it serves health on (%s)', (app, setting) => {
    const port = environment(services[app] ?? {})[setting];
    expect(port).toMatch(/^\d+$/);
    expect(JSON.stringify(services[app]?.healthcheck?.test)).toContain(`localhost:${port}/health/ready`);
  });

  it.each(APPS)('gives %s settings that it accepts', (app) => {
    expect(() => Settings.read(environment(services[app] ?? {}), APP_SETTINGS[app])).not.toThrow();
  });

  describe('RabbitMQ', () => {
    const mounts = bindMounts(services.rabbitmq ?? {});
    const mountedAt = (file: string) => mounts.find(([source]) => source === file)?.[1];
    const conf = readFileSync(join(root, 'rabbitmq/rabbitmq.conf'), 'utf8');
    const folder = /^definitions\.local\.path\s*=\s*(\S+)$/m.exec(conf)?.[1] ?? 'no definitions.local.path';
    const definitionFiles = mounts.filter(([, target]) => target.startsWith(`${folder}/`)).sort(([, a], [, b]) => a.localeCompare(b));
    const definitions = definitionFiles.map(([source]) => JSON.parse(readFileSync(join(root, source), 'utf8')));
    const merged = { users: [], vhosts: [], permissions: [], queues: [], exchanges: [], ...Object.assign({}, ...definitions) };

    it('reads rabbitmq/rabbitmq.conf, which imports a folder of definitions at boot', () => {
      expect(mountedAt('rabbitmq/rabbitmq.conf')).toMatch(/^\/etc\/rabbitmq\/conf\.d\/[\w-]+\.conf$/);
      expect(conf).toMatch(/^definitions\.import_backend\s*=\s*local_filesystem$/m);
      expect(mountedAt('rabbitmq/enabled_plugins')).toBe('/etc/rabbitmq/enabled_plugins');
    });

    it('loads the exported topology, after the user, vhost and permissions it needs (files load in name order)', () => {
      expect(definitionFiles.map(([source]) => source)).toEqual(['rabbitmq/compose-access.json', 'rabbitmq/definitions.json']);
      expect(Object.keys(definitions[0]).sort()).toEqual(['permissions', 'users', 'vhosts']);
    });

    // why: a node that imports definitions at boot creates no default user, and ignores RABBITMQ_DEFAULT_USER.
    it.each(APPS)('lets %s in with the user and password of its AMQP_URL, on every vhost of the topology', (app) => {
      const url = new URL(environment(services[app] ?? {}).AMQP_URL);
      const user = decodeURIComponent(url.username);
      const vhosts = [...new Set([...merged.queues, ...merged.exchanges].map((o: { vhost: string }) => o.vhost))];
      expect(merged.users).toContainEqual(expect.objectContaining({ name: user, password: decodeURIComponent(url.password) }));
      for (const vhost of vhosts) {
        expect(merged.vhosts).toContainEqual({ name: vhost });
        expect(merged.permissions).toContainEqual(expect.objectContaining({ user, vhost, configure: '.*', write: '.*', read: '.*' }));
      }
      expect(vhosts).toContain(decodeURIComponent(url.pathname.slice(1)) || '/');
    });

    it('sets no default user that the definitions would silently override', () => {
      expect(Object.keys(environment(services.rabbitmq ?? {})).filter((key) => key.startsWith('RABBITMQ_DEFAULT_'))).toEqual([]);
    });
  });

  it.each(APPS)('runs the built entry file of %s', (app) => {
    const command = services[app]?.command;
    const words = Array.isArray(command) ? command : String(command ?? '').split(/\s+/);
    expect(words).toContain(`dist/apps/${app}/src/main.js`);
  });
});

interface Stage {
  from: string;
  name?: string;
  instructions: { op: string; args: string }[];
}

function parseDockerfile(text: string): Stage[] {
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/).map((line) => line.trim());
  const stages: Stage[] = [];
  for (const line of lines.filter((l) => l && !l.startsWith('#'))) {
    const [, op = '', args = ''] = /^(\w+)\s*(.*)$/.exec(line) ?? [];
    if (op.toUpperCase() === 'FROM') {
      const [from = '', , name] = args.replace(/--platform=\S+\s+/, '').split(/\s+/);
      stages.push({ from, name, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ op: op.toUpperCase(), args });
    }
  }
  return stages;
}

describe('Dockerfile', () => {
  const stages = parseDockerfile(readFileSync(dockerfilePath(), 'utf8'));
  const runtime = stages.at(-1) ?? { from: '', instructions: [] };
  const argsOf = (stage: Stage, op: string) => stage.instructions.filter((i) => i.op === op).map((i) => i.args);

  it('builds the final stage on Node 24', () => {
    expect(runtime.from).toMatch(/^node:24(\b|-)/);
  });

  it('runs the final stage as a non-root user', () => {
    const user = argsOf(runtime, 'USER').at(-1)?.split(':')[0];
    expect(user ?? 'root (no USER instruction)').not.toMatch(/^(root|0)( |$)/);
  });

  it('stamps the version and commit into the runtime environment', () => {
    const args = argsOf(runtime, 'ARG').map((arg) => arg.split('=')[0]);
    expect(args).toEqual(expect.arrayContaining(['VERSION', 'COMMIT']));
    expect(argsOf(runtime, 'ENV').join(' ')).toMatch(/APP_VERSION=\$\{?VERSION\b[\s\S]*APP_COMMIT=\$\{?COMMIT\b/);
  });

  it('installs production dependencies only in the prod-deps stage', () => {
    const prodDeps = stages.find((s) => s.name === 'prod-deps');
    expect(prodDeps ? argsOf(prodDeps, 'RUN').join(' ') : 'no prod-deps stage').toMatch(/npm ci\b.*--omit=dev/);
  });

  it('copies node_modules into the runtime stage from prod-deps and nowhere else', () => {
    const copies = argsOf(runtime, 'COPY');
    const sources = (copy: string) => copy.split(/\s+/).filter((word) => !word.startsWith('--')).slice(0, -1);
    const devLeaks = copies
      .filter((c) => /--from=/.test(c) && !c.includes('--from=prod-deps'))
      .filter((c) => sources(c).some((src) => /node_modules/.test(src) || /^(\/|\.\/?|\/app\/?)$/.test(src)));
    const installs = argsOf(runtime, 'RUN').filter((r) => /npm (ci|install|i)\b/.test(r) && !r.includes('--omit=dev'));
    expect({ devLeaks, installs }).toEqual({ devLeaks: [], installs: [] });
    expect(copies.some((c) => c.includes('--from=prod-deps') && c.includes('node_modules'))).toBe(true);
  });
});

describe('.dockerignore', () => {
  const patterns = readFileSync(join(root, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  // Docker's matching, enough for these patterns: `**/` is any folders, `*` any name part; a folder covers its contents.
  const toRegExp = (pattern: string) =>
    new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*\*\//g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '(?:.*/)?')}(?:/|$)`);
  const ignored = (path: string) => patterns.some((pattern) => toRegExp(pattern).test(path));

  it('keeps out of the build context what the image must not carry or the build does not need', () => {
    const keptOut = ['node_modules/x/index.js', 'dist/apps/cli/src/main.js', '.git/HEAD', '.env', '.missive/secret', 'k8s/base/kustomization.yaml', 'test/infra/k8s.spec.ts', 'bench/relay.bench.ts', 'apps/api-gateway/test/http.e2e-spec.ts', 'libs/platform/src/config/platform.settings.spec.ts'];
    expect(keptOut.filter((path) => !ignored(path))).toEqual([]);
  });

  it('lets in everything the build stage copies and compiles', () => {
    const needed = ['package.json', 'package-lock.json', '.swcrc', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'apps/api-gateway/src/main.ts', 'apps/cli/src/main.ts', 'libs/platform/src/index.ts', 'migrations/index.ts', 'rabbitmq/definitions.json'];
    expect(needed.filter(ignored)).toEqual([]);
  });
});
