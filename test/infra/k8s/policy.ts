import { appOf, Container, containersOf, initContainersOf, K8sObject, MISSIVE_APPS, Workload, workloads } from './manifests';

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PriorityClass', 'StorageClass']);
const GRACE_TO_DRAIN_SECONDS = 30;

function imageProblem(image: string | undefined): string | undefined {
  if (!image) return 'has no image';
  if (image.includes('@sha256:')) return undefined;
  const tag = /:([^:/]+)$/.exec(image)?.[1];
  if (!tag) return `image ${image} has no tag`;
  return tag === 'latest' ? `image ${image} uses the tag latest` : undefined;
}

function containerProblems(workload: Workload, container: Container): string[] {
  const where = `${workload.object.kind}/${workload.object.metadata.name} container ${container.name}`;
  const pod = workload.pod.spec.securityContext ?? {};
  const security = container.securityContext ?? {};
  const problems: string[] = [];
  for (const kind of ['requests', 'limits'] as const) {
    for (const resource of ['cpu', 'memory']) {
      if (!container.resources?.[kind]?.[resource]) problems.push(`${where} has no ${kind}.${resource}`);
    }
  }
  if ((security.runAsNonRoot ?? pod.runAsNonRoot) !== true) problems.push(`${where} is not runAsNonRoot`);
  if ((security.runAsUser ?? pod.runAsUser) === 0) problems.push(`${where} runs as user 0`);
  if (security.readOnlyRootFilesystem !== true) problems.push(`${where} has no readOnlyRootFilesystem`);
  if (security.allowPrivilegeEscalation !== false) problems.push(`${where} allows privilege escalation`);
  if (security.privileged === true) problems.push(`${where} is privileged`);
  if (!(security.capabilities?.drop ?? []).includes('ALL')) problems.push(`${where} does not drop ALL capabilities`);
  if ((security.capabilities?.add ?? []).length > 0) problems.push(`${where} adds capabilities`);
  const image = imageProblem(container.image);
  if (image) problems.push(`${where}: ${image}`);
  return problems;
}

function workloadProblems(workload: Workload): string[] {
  const where = `${workload.object.kind}/${workload.object.metadata.name}`;
  const spec = workload.pod.spec;
  const containers = containersOf(workload.pod);
  const problems = [...initContainersOf(workload.pod), ...containers].flatMap((container) => containerProblems(workload, container));
  const seccomp = (c: Container) => (c.securityContext?.seccompProfile ?? spec.securityContext?.seccompProfile)?.type;
  if (containers.some((c) => seccomp(c) !== 'RuntimeDefault')) problems.push(`${where} has no RuntimeDefault seccomp profile`);
  if (spec.automountServiceAccountToken !== false) problems.push(`${where} mounts a service account token`);
  if (workload.longRunning) {
    for (const container of containers) {
      for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe'] as const) {
        if (!container[probe]) problems.push(`${where} container ${container.name} has no ${probe}`);
      }
    }
  }
  return problems;
}

function missiveAppProblems(workload: Workload, objects: K8sObject[]): string[] {
  const where = `${workload.object.kind}/${workload.object.metadata.name}`;
  const spec = workload.pod.spec;
  const labels = workload.pod.metadata?.labels ?? {};
  const problems = [...initContainersOf(workload.pod), ...containersOf(workload.pod)]
    .filter((container) => container.command)
    .map((container) => `${where} container ${container.name} sets command, which replaces tini (use args)`);
  if ((spec.terminationGracePeriodSeconds ?? 30) < GRACE_TO_DRAIN_SECONDS) problems.push(`${where} has under ${GRACE_TO_DRAIN_SECONDS} s to drain`);
  if (workload.object.kind !== 'Deployment') return problems;
  const migrate = initContainersOf(workload.pod).find((c) => c.args?.includes('migration:run'));
  if (!migrate) problems.push(`${where} has no init container running migration:run`);
  if (!(spec.topologySpreadConstraints ?? []).some((c: { topologyKey: string }) => c.topologyKey === 'kubernetes.io/hostname')) {
    problems.push(`${where} is not spread across nodes`);
  }
  const selects = (selector: { matchLabels?: Record<string, string> } | undefined) =>
    Object.entries(selector?.matchLabels ?? {}).length > 0 && Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  if (!objects.some((o) => o.kind === 'PodDisruptionBudget' && selects(o.spec?.selector))) problems.push(`${where} has no PodDisruptionBudget`);
  return problems;
}

function secretProblems(objects: K8sObject[]): string[] {
  return objects
    .filter((o) => o.kind === 'Secret' && Object.keys({ ...o.data, ...o.stringData }).length > 0)
    .map((o) => `Secret/${o.metadata.name} carries data: only the template (k8s/base/secret.template.yaml) may, and it is no resource`);
}

function networkProblems(objects: K8sObject[]): string[] {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const problems: string[] = [];
  const denyAll = policies.some(
    (p) => Object.keys(p.spec.podSelector ?? {}).length === 0 && ['Ingress', 'Egress'].every((t) => p.spec.policyTypes?.includes(t)) && !p.spec.ingress && !p.spec.egress,
  );
  if (!denyAll) problems.push('no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)');
  for (const policy of policies) {
    const openToAll = (policy.spec.ingress ?? []).some((rule: { from?: unknown[] }) => !rule.from || rule.from.length === 0);
    const selector = policy.spec.podSelector ?? {};
    const onlyGateway = selector.matchLabels?.['app.kubernetes.io/name'] === 'api-gateway' && !selector.matchExpressions;
    if (openToAll && !onlyGateway) problems.push(`NetworkPolicy/${policy.metadata.name} lets anyone in to pods other than the api-gateway`);
  }
  return problems;
}

function scalingProblems(objects: K8sObject[]): string[] {
  const targets = (o: K8sObject, name: string) => o.spec?.scaleTargetRef?.name === name;
  const cpuHpa = (name: string) =>
    objects.some((o) => o.kind === 'HorizontalPodAutoscaler' && targets(o, name) && o.spec.metrics?.some((m: any) => m.resource?.name === 'cpu'));
  const problems: string[] = [];
  if (!cpuHpa('api-gateway')) problems.push('api-gateway has no HorizontalPodAutoscaler on CPU');
  const keda = objects.some((o) => o.kind === 'ScaledObject' && targets(o, 'dispatcher') && o.spec.triggers?.some((t: { type: string }) => t.type === 'rabbitmq'));
  if (!keda && !cpuHpa('dispatcher')) problems.push('dispatcher has neither a KEDA ScaledObject on RabbitMQ nor an HPA');
  const relay = workloads(objects).filter((w) => appOf(w) === 'outbox-relay');
  const deployment = relay.find((w) => w.object.kind === 'Deployment');
  const cronJob = relay.find((w) => w.object.kind === 'CronJob');
  if (deployment && (deployment.object.spec.replicas ?? 1) < 2) problems.push('outbox-relay Deployment has fewer than 2 replicas');
  if (cronJob && !containersOf(cronJob.pod).every((c) => c.args?.includes('--once'))) problems.push('outbox-relay CronJob does not run --once');
  if (!deployment && !cronJob) problems.push('outbox-relay runs neither as a Deployment nor as a CronJob');
  return problems;
}

/** Every way the rendered objects break the operating rules of issue 5 (docs/operations.md), as readable lines. */
export function policyProblems(objects: K8sObject[]): string[] {
  const all = workloads(objects);
  const missing = MISSIVE_APPS.filter((app) => !all.some((w) => appOf(w) === app)).map((app) => `no workload runs ${app}`);
  return [
    ...missing,
    ...all.flatMap(workloadProblems),
    ...all.filter((w) => MISSIVE_APPS.includes(appOf(w))).flatMap((w) => missiveAppProblems(w, objects)),
    ...secretProblems(objects),
    ...networkProblems(objects),
    ...scalingProblems(objects),
    ...objects
      .filter((o) => !CLUSTER_SCOPED.has(o.kind) && o.metadata.namespace !== 'missive')
      .map((o) => `${o.kind}/${o.metadata.name} is not in the namespace missive`),
  ];
}
