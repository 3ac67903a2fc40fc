import { Settings } from '@app/platform';
import { APP_SETTINGS } from '../app-settings';
import { appOf, Container, containersOf, find, initContainersOf, K8sObject, MISSIVE_APPS, OVERLAYS, overlay, workloads } from './k8s/manifests';
import { policyProblems } from './k8s/policy';
import { schemaProblems } from './k8s/schemas';
import { decoded, devSecret, read } from './k8s/sources';

const packageVersion = JSON.parse(read('package.json')).version as string;
const documentedSettings = [...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);
const handlerQueues = (JSON.parse(read('rabbitmq/definitions.json')).queues as { name: string }[])
  .map((queue) => queue.name)
  .filter((name) => name.startsWith('dispatcher.') && !name.endsWith('.dlq'));
const missiveContainers = (objects: K8sObject[]) =>
  workloads(objects)
    .filter((w) => MISSIVE_APPS.includes(appOf(w)))
    .flatMap((w) => [...initContainersOf(w.pod), ...containersOf(w.pod)].map((container) => ({ workload: w, container })));

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

  it('gives the apps settings that they accept, and only documented ones', () => {
    const secret = decoded(devSecret());
    const problems = missiveContainers(objects).flatMap(({ workload, container }) => {
      const env = environmentOf(container, objects, secret);
      const undocumented = Object.keys(env).filter((key) => !documentedSettings.includes(key)).map((key) => `${container.name}: ${key} is no setting of .env.example`);
      if (container.name === 'migrate') return undocumented;
      try {
        Settings.read(env, APP_SETTINGS[appOf(workload)]);
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
