import { Container, find, K8sObject, OVERLAYS, overlay } from './k8s/manifests';
import { policyProblems } from './k8s/policy';
import { schemaProblems } from './k8s/schemas';
import { unknownFieldProblems } from './k8s/strict-fields';

const clone = <T>(value: T): T => structuredClone(value);

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
        find(o, 'NetworkPolicy', 'apps-metrics')!.spec.ingress[0].from = [];
      },
      /apps-metrics lets anyone in/,
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
