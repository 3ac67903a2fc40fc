import { parser } from '@prometheus-io/lezer-promql';

/** What Grafana puts in place of its variables before Prometheus sees a query. */
const GRAFANA_VARIABLES: Record<string, string> = { __rate_interval: '5m', __interval: '1m', __range: '1h', namespace: '.*' };

export function withGrafanaVariables(expr: string): string {
  return expr.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => GRAFANA_VARIABLES[name] ?? whole);
}

/** The syntax errors of a PromQL expression, each with the text around it; none for a valid one. */
export function promqlProblems(expr: string): string[] {
  const problems: string[] = [];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) problems.push(`syntax error at ${node.from}: …${expr.slice(Math.max(0, node.from - 20), node.from + 20)}…`);
    },
  });
  return problems;
}

/** The metric names an expression selects (`foo` in `rate(foo{a="b"}[5m])`). */
export function metricNames(expr: string): string[] {
  const names = new Set<string>();
  parser.parse(expr).iterate({
    enter(node) {
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') names.add(expr.slice(node.from, node.to));
    },
  });
  return [...names];
}

/**
 * The series names a Prometheus text exposition offers: each `# TYPE` family, with `_bucket`, `_sum` and `_count`
 * for histograms and summaries. prom-client and RabbitMQ print the TYPE line even before a family has samples.
 */
export function exposedNames(exposition: string): string[] {
  return [...exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(([, name, type]) => {
    if (type === 'histogram') return [`${name}_bucket`, `${name}_sum`, `${name}_count`];
    if (type === 'summary') return [name, `${name}_sum`, `${name}_count`];
    return [name];
  });
}
