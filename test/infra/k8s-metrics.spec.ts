import { parse } from 'yaml';
import { containersOf, find, K8sObject, MISSIVE_APPS, overlay, workloads } from './k8s/manifests';
import { read } from './k8s/sources';

/** Where Prometheus reaches each app: the Service port it scrapes, the container port behind it, and who may connect. */
function scrapeProblems(objects: K8sObject[], scrapedPortName: string): string[] {
  const opsPort = Number(objects.find((o) => o.kind === 'ConfigMap' && o.data?.OPS_PORT)?.data?.OPS_PORT);
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  return MISSIVE_APPS.flatMap((app) => {
    const service = find(objects, 'Service', app);
    const port = service?.spec.ports.find((p: { name: string }) => p.name === scrapedPortName);
    if (!port) return [`Service/${app} has no port named ${scrapedPortName}`];
    const containers = workloads(objects).filter((w) => w.pod.metadata?.labels?.['app.kubernetes.io/name'] === app).flatMap((w) => containersOf(w.pod));
    const target = containers.flatMap((c) => c.ports ?? []).find((p) => p.name === port.targetPort || p.containerPort === port.targetPort);
    const problems: string[] = [];
    if (target?.name !== 'ops' || target.containerPort !== opsPort) problems.push(`Service/${app} port ${scrapedPortName} does not reach the container's ops port ${opsPort}`);
    const allowed = policies.some(
      (p) =>
        (p.spec.podSelector.matchExpressions ?? []).some((e: { values: string[] }) => e.values.includes(app)) &&
        (p.spec.ingress ?? []).some(
          (rule: { from?: any[]; ports?: { port: number }[] }) =>
            rule.from?.some((f) => f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'monitoring') && rule.ports?.some((p) => p.port === opsPort),
        ),
    );
    if (!allowed) problems.push(`no NetworkPolicy lets the monitoring namespace into ${app} on ${opsPort}`);
    return problems;
  });
}

describe('k8s/: /metrics on the ops port of every app', () => {
  it('scrapes the three apps through the ServiceMonitor on their ops port only, never the API port', () => {
    const objects = overlay('prod-prometheus-operator');
    const monitor = find(objects, 'ServiceMonitor', 'missive')!;
    expect(monitor.spec.endpoints.map((e: { port: string; path: string }) => `${e.port} ${e.path}`)).toEqual(['metrics /metrics']);
    expect(scrapeProblems(objects, 'metrics')).toEqual([]);
  });

  it('keeps the operator-less prometheus.yml on the same Service port', () => {
    const job = parse(read('k8s/observability/prometheus.yml')).scrape_configs.find((j: { job_name: string }) => j.job_name === 'missive');
    const byPortName = job.relabel_configs.find((r: { source_labels: string[] }) => r.source_labels.includes('__meta_kubernetes_endpoint_port_name'));
    expect(byPortName).toMatchObject({ regex: 'metrics', action: 'keep' });
  });

  it('would notice the gateway scraped on its API port, or its ops port closed to Prometheus', () => {
    const objects = overlay('prod');
    find(objects, 'Service', 'api-gateway')!.spec.ports = [{ name: 'http', port: 80, targetPort: 'http' }];
    expect(scrapeProblems(objects, 'metrics')).toEqual(['Service/api-gateway has no port named metrics']);
    const closed = overlay('prod');
    const policy = find(closed, 'NetworkPolicy', 'apps-metrics')!;
    policy.spec.podSelector.matchExpressions[0].values = ['outbox-relay', 'dispatcher'];
    expect(scrapeProblems(closed, 'metrics')).toEqual(['no NetworkPolicy lets the monitoring namespace into api-gateway on 9464']);
  });
});
