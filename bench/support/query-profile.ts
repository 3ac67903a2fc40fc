import { Client } from 'pg';

/**
 * Times every query of every `pg` client in this process, by kind (claim, mark, BEGIN/COMMIT…), without
 * touching the code under test: a wrapper around `Client.prototype.query`, removed by `stop()`.
 */
export function profileQueries(kindOf: (sql: string) => string) {
  const totals = new Map<string, { count: number; ms: number; samples: number[] }>();
  const original = Client.prototype.query;
  const patched = function (this: Client, ...args: unknown[]) {
    const started = performance.now();
    const result = (original as (...a: unknown[]) => unknown).apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      const first = args[0] as string | { text?: string } | undefined;
      const kind = kindOf(typeof first === 'string' ? first : (first?.text ?? ''));
      const record = () => {
        const entry = totals.get(kind) ?? { count: 0, ms: 0, samples: [] };
        const ms = performance.now() - started;
        entry.count += 1;
        entry.ms += ms;
        entry.samples.push(ms);
        totals.set(kind, entry);
      };
      (result as Promise<unknown>).then(record, record);
    }
    return result;
  };
  Client.prototype.query = patched as typeof Client.prototype.query;
  return {
    totals,
    reset: () => totals.clear(),
    stop: () => {
      Client.prototype.query = original;
    },
  };
}

export function relayQueryKind(sql: string): string {
  if (/^\s*BEGIN/i.test(sql)) return 'BEGIN';
  if (/^\s*COMMIT/i.test(sql)) return 'COMMIT';
  if (/FOR UPDATE SKIP LOCKED/i.test(sql)) return 'claim (SELECT … FOR UPDATE SKIP LOCKED)';
  if (/SET published_at/i.test(sql)) return 'mark (UPDATE … SET published_at)';
  return 'other';
}
