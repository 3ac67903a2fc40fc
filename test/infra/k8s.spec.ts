import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { AppConfig } from '@app/platform';
import { appOf, Container, containersOf, find, initContainersOf, K8S, K8sObject, MISSIVE_APPS, OVERLAYS, overlay, ROOT, workloads } from './k8s/manifests';
import { policyProblems } from './k8s/policy';
import { schemaProblems } from './k8s/schemas';
import { unknownFieldProblems } from './k8s/strict-fields';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const clone = <T>(value: T): T => structuredClone(value);
const packageVersion = JSON.parse(read('package.json')).version as string;
const documentedSettings = [...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);
const handlerQueues = (JSON.parse(read('rabbitmq/definitions.json')).queues as { name: string }[])
  .map((queue) => queue.name)
  .filter((name) => name.startsWith('dispatcher.') && !name.endsWith('.dlq'));

/** The Secret that k8s/overlays/dev/create-secret.sh would create, printed instead of applied. */
function devSecret(): K8sObject {
  const yaml = execFileSync('sh', [join(K8S, 'overlays/dev/create-secret.sh'), '--dry-run=client', '-o', 'yaml'], { encoding: 'utf8' });
  return parse(yaml);
}

const decoded = (secret: K8sObject) => Object.fromEntries(Object.entries(secret.data ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64').toString()]));
const missiveContainers = (objects: K8sObject[]) =>
  workloads(objects)
    .filter((w) => MISSIVE_APPS.includes(appOf(w)))
    .flatMap((w) => [...initContainersOf(w.pod), ...containersOf(w.pod)].map((container) => ({ workload: w, container })));
const secretKeysUsed = (objects: K8sObject[]) =>
  [
    ...new Set(
      workloads(objects).flatMap((w) =>
        [...initContainersOf(w.pod), ...containersOf(w.pod)].flatMap((c) => (c.env ?? []).flatMap((e) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef.key] : []))),
      ),
    ),
  ].sort();

/** The environment a container would get: its ConfigMaps, its Secret keys (from `secret`) and its own values. */
function environmentOf(container: Container, objects: K8sObject[], secret: Record<string, string>): Record<string, string> {
  const fromMaps = (container.envFrom ?? []).flatMap((source) => Object.entries(find(objects, 'ConfigMap', source.configMapRef?.name ?? '')?.data ?? {}));
  const own = (container.env ?? []).map((e) => [e.name, e.valueFrom?.secretKeyRef ? secret[e.valueFrom.secretKeyRef.key] : (e.value ?? '')]);
  return Object.fromEntries([...fromMaps, ...own]);
}

describe.each(OVERLAYS)('k8s/overlays/%s', (name) => {
  let objects: K8sObject[];

  beforeAll(() => {
    objects = overlay(name);
  });

  it('renders with kubectl kustomize', () => {
    expect(objects.length).toBeGreaterThan(10);
  });

  it('validates against the Kubernetes OpenAPI schemas and the KEDA and Prometheus-operator CRD schemas', async () => {
    expect(await schemaProblems(objects)).toEqual([]);
  });

  it('follows the operating policy: probes, resources, hardened containers, pinned images, no secret data, network policies, PDBs, autoscaling', () => {
    expect(policyProblems(objects)).toEqual([]);
  });

  it('runs one and the same Missive image in every Missive container', () => {
    const images = new Set(missiveContainers(objects).map(({ container }) => container.image));
    expect([...images]).toEqual([name === 'dev' ? 'missive:dev' : `registry.example.com/missive:${packageVersion}`]);
  });

  it('gives the apps settings that AppConfig accepts, and only documented ones', () => {
    const secret = decoded(devSecret());
    const problems = missiveContainers(objects).flatMap(({ workload, container }) => {
      const env = environmentOf(container, objects, secret);
      const undocumented = Object.keys(env).filter((key) => !documentedSettings.includes(key)).map((key) => `${container.name}: ${key} is no setting of .env.example`);
      if (container.name === 'migrate') return undocumented;
      try {
        new AppConfig(env);
        return undocumented;
      } catch (error) {
        return [...undocumented, `${workload.object.kind}/${workload.object.metadata.name} ${container.name}: ${(error as Error).message}`];
      }
    });
    expect(problems).toEqual([]);
  });

  it('scales the dispatcher on every handler queue of rabbitmq/definitions.json when KEDA does it', () => {
    const scaled = find(objects, 'ScaledObject', 'dispatcher');
    if (!scaled) return expect(find(objects, 'HorizontalPodAutoscaler', 'dispatcher')).toBeDefined();
    const queues = scaled.spec.triggers.map((trigger: { metadata: { queueName: string } }) => trigger.metadata.queueName).sort();
    expect(queues).toEqual(handlerQueues.sort());
    expect(find(objects, 'TriggerAuthentication', scaled.spec.triggers[0].authenticationRef.name)).toBeDefined();
  });
});

describe('k8s/', () => {
  it('has the overlays the README names', () => {
    expect(OVERLAYS).toEqual(['dev', 'prod', 'prod-prometheus-operator', 'prod-relay-cronjob', 'prod-without-keda']);
  });

  it('runs the relay as a CronJob of `outbox-relay --once`, and no relay Deployment, in prod-relay-cronjob', () => {
    const objects = overlay('prod-relay-cronjob');
    const cronJob = find(objects, 'CronJob', 'outbox-relay');
    expect(cronJob?.spec.jobTemplate.spec.template.spec.containers[0].args).toEqual(['node', 'dist/apps/outbox-relay/src/main.js', '--once']);
    expect(find(objects, 'Deployment', 'outbox-relay')).toBeUndefined();
  });

  it('runs the relay as a 2-replica Deployment otherwise', () => {
    expect(find(overlay('prod'), 'Deployment', 'outbox-relay')?.spec.replicas).toBe(2);
  });

  it('scales the dispatcher with a plain HPA and no KEDA object in prod-without-keda', () => {
    const objects = overlay('prod-without-keda');
    expect(objects.filter((o) => o.apiVersion.startsWith('keda.sh/'))).toEqual([]);
    expect(find(objects, 'HorizontalPodAutoscaler', 'dispatcher')?.spec.minReplicas).toBe(3);
  });

  it('adds ServiceMonitors, the PrometheusRule and the dashboard ConfigMap in prod-prometheus-operator', () => {
    const objects = overlay('prod-prometheus-operator');
    expect(objects.filter((o) => ['ServiceMonitor', 'PrometheusRule'].includes(o.kind)).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(
      expect.arrayContaining(['ServiceMonitor/missive', 'ServiceMonitor/rabbitmq', 'PrometheusRule/missive']),
    );
    expect(find(objects, 'ConfigMap', 'missive-grafana-dashboard')?.metadata.labels).toMatchObject({ grafana_dashboard: '1' });
  });

  describe('the Secret template', () => {
    const template = parse(read('k8s/base/secret.template.yaml')) as K8sObject;

    it('is a valid Secret of placeholders only', async () => {
      expect(await schemaProblems([template])).toEqual([]);
      expect(Object.values(template.stringData ?? {}).filter((value) => !/^<[a-z0-9-]+>$/.test(value))).toEqual([]);
      expect(template.data).toBeUndefined();
    });

    it('is no resource of any kustomization, so applying an overlay never overwrites the real Secret', () => {
      const kustomizations = (readdirSync(K8S, { recursive: true }) as string[]).filter((path) => path.endsWith('kustomization.yaml'));
      expect(kustomizations.length).toBeGreaterThan(5);
      const resources = kustomizations.flatMap((path) => (parse(readFileSync(join(K8S, path), 'utf8')).resources ?? []).map((resource: string) => `${path}: ${resource}`));
      expect(resources.length).toBeGreaterThan(10);
      expect(resources.filter((line) => line.includes('secret'))).toEqual([]);
    });

    it.each(OVERLAYS.filter((name) => name !== 'dev'))('holds every Secret key that %s reads', (name) => {
      expect(secretKeysUsed(overlay(name)).filter((key) => !(key in (template.stringData ?? {})))).toEqual([]);
    });
  });

  describe('the dev overlay', () => {
    const objects = overlay('dev');

    it('gets a Secret with every key it reads from create-secret.sh, random and consistent', async () => {
      const secret = devSecret();
      expect(await schemaProblems([secret])).toEqual([]);
      const values = decoded(secret);
      expect(secretKeysUsed(objects).filter((key) => !(key in values))).toEqual([]);
      expect(new URL(values.DATABASE_URL).password).toBe(values.POSTGRES_PASSWORD);
      expect(new URL(values.AMQP_URL).password).toBe(values.RABBITMQ_PASSWORD);
      expect(decoded(devSecret()).JWT_SECRET).not.toBe(values.JWT_SECRET);
    });

    it('runs PostgreSQL, RabbitMQ and MinIO as StatefulSets with volumes, on the images docker-compose.yml uses', () => {
      const compose = parse(read('docker-compose.yml'), { merge: true }).services;
      for (const name of ['postgres', 'rabbitmq', 'minio']) {
        const set = find(objects, 'StatefulSet', name);
        expect(set?.spec.volumeClaimTemplates?.length).toBeGreaterThan(0);
        expect(set?.spec.template.spec.containers[0].image).toBe(compose[name].image);
      }
    });

    it("loads the access definitions and the topology into RabbitMQ at boot, from the Secret and the image's rabbitmq/definitions.json", () => {
      const rabbitmq = find(objects, 'StatefulSet', 'rabbitmq')!;
      const init = initContainersOf(rabbitmq.spec.template).find((c) => c.name === 'definitions')!;
      const config = find(objects, 'ConfigMap', rabbitmq.spec.template.spec.volumes.find((v: any) => v.name === 'config').configMap.name)!.data!;
      const folder = /^definitions\.local\.path\s*=\s*(\S+)$/m.exec(config['rabbitmq.conf'])?.[1];
      const broker = containersOf(rabbitmq.spec.template)[0];
      const mountOf = (c: Container) => c.volumeMounts?.find((m) => m.name === 'definitions')?.mountPath;
      expect(mountOf(broker)).toBe(folder);
      // why: kustomize reads no file outside its folder, so the dev overlay keeps copies of compose's broker config.
      expect(config['rabbitmq.conf']).toBe(read('rabbitmq/rabbitmq.conf'));
      expect(config.enabled_plugins).toBe(read('rabbitmq/enabled_plugins'));
      expect(config.enabled_plugins).toMatch(/^\[rabbitmq_management,rabbitmq_prometheus\]\.$/m);

      const dir = mkdtempSync(join(tmpdir(), 'missive-definitions-'));
      try {
        const env = Object.fromEntries((init.env ?? []).map((e) => [e.name, e.valueFrom ? 's3cret-"quoted"' : e.value!]));
        expect(env.DEFINITIONS_DIR).toBe(mountOf(init));
        const [node, ...args] = init.args!;
        expect(node).toBe('node');
        execFileSync(process.execPath, args, { cwd: ROOT, env: { ...env, DEFINITIONS_DIR: dir } });
        const access = JSON.parse(readFileSync(join(dir, '10-access.json'), 'utf8'));
        expect(access).toEqual({
          users: [{ name: 'missive', password: 's3cret-"quoted"', tags: ['administrator'] }],
          vhosts: [{ name: '/' }],
          permissions: [{ user: 'missive', vhost: '/', configure: '.*', write: '.*', read: '.*' }],
        });
        expect(readFileSync(join(dir, '20-topology.json'), 'utf8')).toBe(read('rabbitmq/definitions.json'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      expect(new URL(decoded(devSecret()).AMQP_URL).username).toBe('missive');
    });
  });
});

describe('field names', () => {
  it('are all known to the schemas, in every overlay (the OpenAPI schemas let a misspelt field through)', () => {
    expect(unknownFieldProblems(OVERLAYS.flatMap(overlay))).toEqual([]);
  }, 60_000);

  it('would notice a misspelt field, in a Kubernetes object and in a CRD object', () => {
    const objects = clone(overlay('prod-prometheus-operator'));
    const probed = find(objects, 'Deployment', 'api-gateway')!.spec.template.spec.containers[0];
    probed.livenessprobe = probed.livenessProbe;
    delete probed.livenessProbe;
    find(objects, 'ServiceMonitor', 'missive')!.spec.endpoint = [];
    expect(unknownFieldProblems(objects)).toEqual([
      expect.stringMatching(/^Deployment\/api-gateway: .*'"livenessprobe"' does not exist in type 'IContainer'/),
      expect.stringMatching(/^ServiceMonitor\/missive: .*'"endpoint"' does not exist/),
    ]);
  }, 60_000);
});

describe('the policy check', () => {
  const prod = overlay('prod');
  const cronJob = overlay('prod-relay-cronjob');
  const deployment = (objects: K8sObject[], name: string) => find(objects, 'Deployment', name)!;
  const container = (objects: K8sObject[], name: string): Container => deployment(objects, name).spec.template.spec.containers[0];
  const without = (objects: K8sObject[], kind: string, name: string) => objects.filter((o) => !(o.kind === kind && o.metadata.name === name));

  it('finds nothing wrong with the unmutated overlay it is shown failing on below', () => {
    expect(policyProblems(prod)).toEqual([]);
  });

  it.each<[string, (objects: K8sObject[]) => K8sObject[] | void, RegExp]>([
    ['a missing readiness probe', (o) => void delete container(o, 'api-gateway').readinessProbe, /api-gateway container api-gateway has no readinessProbe/],
    ['a missing startup probe', (o) => void delete container(o, 'dispatcher').startupProbe, /dispatcher container dispatcher has no startupProbe/],
    ['a missing liveness probe', (o) => void delete container(o, 'outbox-relay').livenessProbe, /outbox-relay container outbox-relay has no livenessProbe/],
    ['a missing memory limit', (o) => void delete container(o, 'dispatcher').resources!.limits!.memory, /dispatcher has no limits\.memory/],
    ['missing CPU requests', (o) => void delete container(o, 'api-gateway').resources!.requests!.cpu, /api-gateway has no requests\.cpu/],
    [
      'a root container',
      (o) => {
        container(o, 'outbox-relay').securityContext!.runAsNonRoot = false;
      },
      /outbox-relay is not runAsNonRoot/,
    ],
    [
      'a writable root filesystem',
      (o) => {
        container(o, 'api-gateway').securityContext!.readOnlyRootFilesystem = false;
      },
      /has no readOnlyRootFilesystem/,
    ],
    [
      'privilege escalation',
      (o) => {
        container(o, 'dispatcher').securityContext!.allowPrivilegeEscalation = true;
      },
      /allows privilege escalation/,
    ],
    [
      'capabilities kept',
      (o) => {
        container(o, 'dispatcher').securityContext!.capabilities = { drop: [] };
      },
      /does not drop ALL capabilities/,
    ],
    [
      'an init container without limits',
      (o) => void delete deployment(o, 'api-gateway').spec.template.spec.initContainers[0].resources,
      /container migrate has no limits\.cpu/,
    ],
    [
      'the latest tag',
      (o) => {
        container(o, 'api-gateway').image = 'registry.example.com/missive:latest';
      },
      /uses the tag latest/,
    ],
    [
      'an untagged image',
      (o) => {
        container(o, 'api-gateway').image = 'registry.example.com/missive';
      },
      /has no tag/,
    ],
    [
      'a Secret with data',
      (o) => [...o, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'missive', namespace: 'missive' }, stringData: { JWT_SECRET: 'x'.repeat(32) } }],
      /Secret\/missive carries data/,
    ],
    ['no default-deny NetworkPolicy', (o) => without(o, 'NetworkPolicy', 'default-deny'), /no default-deny NetworkPolicy/],
    [
      'a worker open to everyone',
      (o) => {
        find(o, 'NetworkPolicy', 'workers-metrics')!.spec.ingress[0].from = [];
      },
      /workers-metrics lets anyone in/,
    ],
    ['a Deployment without a PodDisruptionBudget', (o) => without(o, 'PodDisruptionBudget', 'dispatcher'), /Deployment\/dispatcher has no PodDisruptionBudget/],
    ['no HPA for the gateway', (o) => without(o, 'HorizontalPodAutoscaler', 'api-gateway'), /api-gateway has no HorizontalPodAutoscaler on CPU/],
    ['no autoscaler for the dispatcher', (o) => without(o, 'ScaledObject', 'dispatcher'), /dispatcher has neither a KEDA ScaledObject/],
    [
      'a single relay',
      (o) => {
        deployment(o, 'outbox-relay').spec.replicas = 1;
      },
      /fewer than 2 replicas/,
    ],
    [
      'a command that replaces tini',
      (o) => {
        container(o, 'api-gateway').command = ['node'];
      },
      /sets command, which replaces tini/,
    ],
    [
      'no migration before start',
      (o) => void delete deployment(o, 'dispatcher').spec.template.spec.initContainers,
      /dispatcher has no init container running migration:run/,
    ],
    [
      'too short a grace period',
      (o) => {
        deployment(o, 'dispatcher').spec.template.spec.terminationGracePeriodSeconds = 5;
      },
      /dispatcher has under 30 s to drain/,
    ],
    [
      'no spreading over nodes',
      (o) => void delete deployment(o, 'api-gateway').spec.template.spec.topologySpreadConstraints,
      /api-gateway is not spread across nodes/,
    ],
    [
      'a service account token',
      (o) => void delete deployment(o, 'api-gateway').spec.template.spec.automountServiceAccountToken,
      /api-gateway mounts a service account token/,
    ],
    [
      'an object outside the namespace',
      (o) => void delete find(o, 'Service', 'dispatcher')!.metadata.namespace,
      /Service\/dispatcher is not in the namespace missive/,
    ],
    ['a missing app', (o) => without(o, 'Deployment', 'dispatcher'), /no workload runs dispatcher/],
  ])('complains about %s', (_, mutate, expected) => {
    const objects = clone(prod);
    const problems = policyProblems(mutate(objects) ?? objects);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it('complains about a relay CronJob that does not run --once', () => {
    const objects = clone(cronJob);
    find(objects, 'CronJob', 'outbox-relay')!.spec.jobTemplate.spec.template.spec.containers[0].args = ['node', 'dist/apps/outbox-relay/src/main.js'];
    expect(policyProblems(objects)).toContain('outbox-relay CronJob does not run --once');
  });
});

describe('the schema check', () => {
  const prod = overlay('prod-prometheus-operator');

  it.each<[string, (objects: K8sObject[]) => void, RegExp]>([
    [
      'a Deployment with replicas as a string',
      (o) => {
        find(o, 'Deployment', 'api-gateway')!.spec.replicas = 'two';
      },
      /Deployment\/api-gateway.*replicas must be integer/,
    ],
    [
      'a container without a name',
      (o) => void delete find(o, 'Deployment', 'dispatcher')!.spec.template.spec.containers[0].name,
      /Deployment\/dispatcher.*must have required property name/,
    ],
    [
      'a KEDA ScaledObject with a non-numeric replica count',
      (o) => {
        find(o, 'ScaledObject', 'dispatcher')!.spec.maxReplicaCount = 'many';
      },
      /ScaledObject\/dispatcher.*maxReplicaCount must be integer/,
    ],
    [
      'a ServiceMonitor whose endpoint port is a number',
      (o) => {
        find(o, 'ServiceMonitor', 'missive')!.spec.endpoints[0].port = 3000;
      },
      /ServiceMonitor\/missive.*port must be string/,
    ],
    [
      'a PrometheusRule whose rule has no expression',
      (o) => void delete find(o, 'PrometheusRule', 'missive')!.spec.groups[0].rules[0].expr,
      /PrometheusRule\/missive.*must have required property expr/,
    ],
    [
      'a kind nobody has a schema for',
      (o) => {
        find(o, 'Service', 'api-gateway')!.apiVersion = 'example.com/v1';
      },
      /Service\/api-gateway \(example\.com\/v1\): no schema/,
    ],
  ])('complains about %s', async (_, mutate, expected) => {
    const objects = clone(prod);
    mutate(objects);
    expect(await schemaProblems(objects)).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });
});
