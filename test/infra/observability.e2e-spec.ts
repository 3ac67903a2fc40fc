import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { freePort, runApp, Running, waitForOk, within } from '../process';
import { isolatedDatabase } from '../test-database';
import { K8S } from './k8s/manifests';
import { exposedNames, metricNames, promqlProblems, withGrafanaVariables } from './k8s/promql';

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface Panel {
  type: string;
  title: string;
  description?: string;
  targets?: { expr: string }[];
}

const observability = (file: string) => readFileSync(join(K8S, 'observability', file), 'utf8');
const RABBITMQ_PROMETHEUS = process.env.TEST_RABBITMQ_PROMETHEUS_URL ?? 'http://127.0.0.1:15692';

const groups: { name: string; rules: Rule[] }[] = parse(observability('missive.rules.yml')).groups;
const rules = groups.flatMap((group) => group.rules);
const dashboard = JSON.parse(observability('grafana-dashboard.json'));
const panels: Panel[] = dashboard.panels.filter((panel: Panel) => panel.type !== 'row');
const variableQueries: string[] = dashboard.templating.list.filter((v: { type: string }) => v.type === 'query').map((v: { definition: string }) => v.definition);

const expressions = [
  ...rules.map((rule) => ({ where: `rule ${rule.record ?? rule.alert}`, expr: rule.expr })),
  ...panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ where: `panel "${panel.title}"`, expr: withGrafanaVariables(target.expr) }))),
  // label_values(metric, label) is Grafana's; its first argument is a selector Prometheus sees.
  ...variableQueries.map((query) => ({ where: `variable ${query}`, expr: /^label_values\((.+),\s*\w+\)$/.exec(query)?.[1] ?? query })),
];
const recorded = rules.flatMap((rule) => (rule.record ? [rule.record] : []));

/** The metric names used anywhere that nobody exports (recording rules excepted: they are made from the others). */
function unexported(exported: string[]): string[] {
  return [...new Set(expressions.flatMap(({ where, expr }) => metricNames(expr).filter((name) => !exported.includes(name) && !recorded.includes(name)).map((name) => `${where}: ${name}`)))];
}

async function scrape(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.text();
}

describe('k8s/observability', () => {
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;
  let exported: string[] = [];

  // why: the names are read off the real apps' /metrics and RabbitMQ's exporter, not from a list kept by hand.
  beforeAll(async () => {
    database = await isolatedDatabase();
    const env = { DATABASE_URL: database.url, AMQP_URL: process.env.TEST_AMQP_URL!, JWT_SECRET: 'observability-test-secret-of-32-chars', LOG_LEVEL: 'warn' };
    const [port, gatewayOps, relayPort, dispatcherPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const local = (at: number) => `http://127.0.0.1:${at}`;
    // why: each app is scraped where k8s scrapes it, on its ops port; the gateway's health is on its API port.
    const apps: [Running, string, string][] = [
      [runApp('api-gateway', [], { ...env, PORT: String(port), OPS_PORT: String(gatewayOps) }), local(port), local(gatewayOps)],
      [runApp('outbox-relay', [], { ...env, OPS_PORT: String(relayPort) }), local(relayPort), local(relayPort)],
      [runApp('dispatcher', [], { ...env, OPS_PORT: String(dispatcherPort) }), local(dispatcherPort), local(dispatcherPort)],
    ];
    try {
      const expositions = await Promise.all(apps.map(async ([app, health, ops]) => (await waitForOk(`${health}/health/ready`, app), scrape(`${ops}/metrics`))));
      const vhost = encodeURIComponent(new URL(process.env.TEST_AMQP_URL!).pathname.slice(1));
      const rabbitmq = await scrape(`${RABBITMQ_PROMETHEUS}/metrics/detailed?vhost=${vhost}&family=queue_coarse_metrics&family=queue_consumer_count`).catch((error) => {
        throw new Error(`The tests need RabbitMQ's Prometheus exporter at ${RABBITMQ_PROMETHEUS} (rabbitmq-plugins enable rabbitmq_prometheus): ${error.message}`);
      });
      exported = [...new Set([...expositions, rabbitmq].flatMap(exposedNames))];
    } finally {
      for (const [app] of apps) app.child.kill('SIGTERM');
      await Promise.all(apps.map(([app]) => within(app.exited, 15_000, 'stopping')));
    }
  }, 60_000);

  afterAll(() => database.drop());

  it('has expressions to check', () => {
    expect(expressions.length).toBeGreaterThan(20);
  });

  it('writes every rule, panel and variable in valid PromQL', () => {
    expect(expressions.flatMap(({ where, expr }) => promqlProblems(expr).map((problem) => `${where}: ${problem}`))).toEqual([]);
  });

  it('uses only metrics that the apps or RabbitMQ export', () => {
    expect(exported).toEqual(expect.arrayContaining(['missive_http_requests_total', 'missive_outbox_backlog', 'rabbitmq_detailed_queue_messages_ready']));
    expect(unexported(exported)).toEqual([]);
  });

  it('would notice a broken expression and a metric nobody exports', () => {
    expect(promqlProblems('sum(rate(missive_http_requests_total[5m])')).not.toEqual([]);
    expect(promqlProblems('sum by (route) rate(missive_http_requests_total[5m]))')).not.toEqual([]);
    expect(unexported(exported.filter((name) => name !== 'missive_outbox_backlog'))).toEqual(expect.arrayContaining([expect.stringMatching(/missive_outbox_backlog$/)]));
  });

  it('gives the Prometheus operator the same rules as missive.rules.yml', () => {
    const rule = parse(observability('prometheus-rule.yaml'));
    expect(rule.kind).toBe('PrometheusRule');
    expect(rule.spec.groups).toEqual(groups);
  });

  it('loads the rules and scrapes the apps and the RabbitMQ queue families the queries use', () => {
    const config = parse(observability('prometheus.yml'));
    expect(config.rule_files).toEqual(['missive.rules.yml']);
    const jobs = Object.fromEntries(config.scrape_configs.map((job: { job_name: string }) => [job.job_name, job]));
    expect(jobs.missive.metrics_path).toBe('/metrics');
    expect(jobs.rabbitmq).toMatchObject({ metrics_path: '/metrics/detailed', params: { family: expect.arrayContaining(['queue_coarse_metrics']) } });
  });

  it.each([
    ['HTTP rate', /missive_http_requests_total\b/],
    ['HTTP errors', /missive_http_requests_total\{[^}]*status=~"5\.\."/],
    ['HTTP latency', /histogram_quantile\(.*missive_http_request_duration_seconds_bucket/],
    ['outbox backlog', /missive_outbox_backlog\b/],
    ['outbox lag', /missive_outbox_oldest_age_seconds\b/],
    ['published per type', /by \(type\) \(rate\(missive_outbox_published_total/],
    ['consumed per type', /by \(type\) .*missive_messages_consumed_total\{[^}]*outcome="done"/],
    ['retried per type', /by \(type\) .*missive_messages_consumed_total\{[^}]*outcome="retried"/],
    ['dead-lettered per type', /by \(type\) .*missive_messages_consumed_total\{[^}]*outcome="dead_lettered"/],
    ['queue depth', /rabbitmq_detailed_queue_messages_ready\b/],
    ['handler latency', /histogram_quantile\(.*missive_handler_duration_seconds_bucket/],
    ['provider latency', /histogram_quantile\(.*missive_provider_request_duration_seconds_bucket/],
  ])('has a dashboard panel for %s', (_, pattern) => {
    expect(panels.filter((panel) => panel.targets?.some((target) => pattern.test(target.expr))).map((panel) => panel.title)).not.toEqual([]);
  });

  it('describes every panel, for docs/operations.md and for whoever opens the dashboard', () => {
    expect(panels.filter((panel) => !panel.description).map((panel) => panel.title)).toEqual([]);
  });

  it.each([
    ['MissiveOutboxLagHigh', /missive:outbox_oldest_age_seconds:max > \d+/],
    ['MissiveDeadLettersGrowing', /outcome="dead_lettered"/],
    ['MissiveDispatcherNotConsuming', /rabbitmq_detailed_queue_messages_ready[\s\S]*unless[\s\S]*missive_messages_consumed_total/],
  ])('alerts with %s, with a severity and a summary', (name, pattern) => {
    const alert = rules.find((rule) => rule.alert === name);
    expect(alert?.expr).toMatch(pattern);
    expect(alert?.labels?.severity).toMatch(/^(warning|critical)$/);
    expect(alert?.annotations?.summary).toBeTruthy();
  });
});
