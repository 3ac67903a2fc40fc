/** The few Prometheus figures of an app's `/metrics` that tell where a pipeline run spent its time. */
export async function scrape(port: number): Promise<Map<string, number> | null> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5_000) }).catch(() => null);
  if (!response?.ok) return null;
  const values = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)$/.exec(line);
    if (!match) continue;
    const key = match[1] + (match[2] ?? '');
    values.set(key, Number(match[3]));
  }
  return values;
}

/** Sum of every series of `name` whose labels contain `labelFilter`. */
export function total(metrics: Map<string, number>, name: string, labelFilter = ''): number {
  let sum = 0;
  for (const [key, value] of metrics) {
    const base = key.split('{')[0];
    if (base === name && key.includes(labelFilter)) sum += value;
  }
  return sum;
}

/** A quantile estimated from a histogram's cumulative buckets (the upper bound of the bucket it falls in). */
export function histogramQuantile(metrics: Map<string, number>, name: string, q: number): number | null {
  const buckets: { le: number; count: number }[] = [];
  for (const [key, value] of metrics) {
    if (!key.startsWith(`${name}_bucket{`)) continue;
    const le = /le="([^"]+)"/.exec(key)?.[1];
    if (le) buckets.push({ le: le === '+Inf' ? Infinity : Number(le), count: value });
  }
  const byBound = new Map<number, number>();
  for (const { le, count } of buckets) byBound.set(le, (byBound.get(le) ?? 0) + count);
  const sorted = [...byBound].sort((a, b) => a[0] - b[0]);
  const all = sorted[sorted.length - 1]?.[1] ?? 0;
  if (!all) return null;
  const bound = sorted.find(([, count]) => count >= q * all)?.[0] ?? Infinity;
  return bound;
}

/** Relay and dispatcher figures from their /metrics after a run (null when the apps have no /metrics). */
export async function pipelineMetrics(relayPort: number, dispatcherPort: number) {
  const [relay, dispatcher] = await Promise.all([scrape(relayPort), scrape(dispatcherPort)]);
  if (!relay || !dispatcher) return null;
  const batches = total(relay, 'missive_relay_batch_duration_seconds_count');
  const published = total(relay, 'missive_outbox_published_total');
  const handled = total(dispatcher, 'missive_handler_duration_seconds_count');
  const ms = (seconds: number | null) => (seconds === null ? null : Math.round(seconds * 10_000) / 10);
  return {
    relay_batches: batches,
    relay_rows_published: published,
    relay_mean_rows_per_batch: batches ? Math.round(published / batches) : null,
    relay_mean_batch_ms: batches ? ms(total(relay, 'missive_relay_batch_duration_seconds_sum') / batches) : null,
    relay_batch_ms_p50_bucket: ms(histogramQuantile(relay, 'missive_relay_batch_duration_seconds', 0.5)),
    relay_batch_ms_p99_bucket: ms(histogramQuantile(relay, 'missive_relay_batch_duration_seconds', 0.99)),
    dispatcher_messages_handled: handled,
    dispatcher_outcomes: Object.fromEntries(
      ['done', 'duplicate', 'retried', 'dead_lettered'].map((outcome) => [outcome, total(dispatcher, 'missive_messages_consumed_total', `outcome="${outcome}"`)]),
    ),
    /** A message's time in the consumer: waiting for a pooled connection, the inbox, the handler and its transaction. */
    dispatcher_mean_handler_ms: handled ? ms(total(dispatcher, 'missive_handler_duration_seconds_sum') / handled) : null,
    dispatcher_handler_ms_p50_bucket: ms(histogramQuantile(dispatcher, 'missive_handler_duration_seconds', 0.5)),
    dispatcher_handler_ms_p99_bucket: ms(histogramQuantile(dispatcher, 'missive_handler_duration_seconds', 0.99)),
  };
}
