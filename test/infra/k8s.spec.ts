import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Container, containersOf, find, initContainersOf, K8S, K8sObject, OVERLAYS, overlay, ROOT, workloads } from './k8s/manifests';
import { schemaProblems } from './k8s/schemas';
import { decoded, devSecret, read } from './k8s/sources';

const secretKeysUsed = (objects: K8sObject[]) =>
  [
    ...new Set(
      workloads(objects).flatMap((w) =>
        [...initContainersOf(w.pod), ...containersOf(w.pod)].flatMap((c) => (c.env ?? []).flatMap((e) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef.key] : []))),
      ),
    ),
  ].sort();

describe('k8s/', () => {
  it('has the overlays docs/operations.md names', () => {
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
