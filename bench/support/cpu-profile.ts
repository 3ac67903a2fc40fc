import { Client } from 'pg';
import { App, cpuSeconds, machineCpuSeconds, pidsOf } from './apps';
import { round } from './broker';

/** CPU seconds used by each part while `work` runs: where the time goes, without touching the apps. */
export async function cpuProfile<T>(database: Client, databaseName: string, apps: () => App[], work: () => Promise<T>): Promise<{ result: T; cpu: Record<string, number>; database_activity: Record<string, number>; wall_s: number }> {
  // why: each pool names its connections (missive-relay, missive-sandbox, missive…), so the database's CPU splits by who asked.
  const backends = async () =>
    (
      await database.query<{ pid: number; application_name: string }>(
        'SELECT pid, application_name FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [databaseName],
      )
    ).rows;
  const before = new Map<number, number>();
  for (const pid of [...(await backends()).map(({ pid }) => pid), ...pidsOf('beam.smp'), ...apps().map((app) => app.child.pid!)]) before.set(pid, cpuSeconds(pid));
  const machineBefore = machineCpuSeconds();
  const benchBefore = process.cpuUsage();
  const statsBefore = await databaseStats(database, databaseName);
  // why: a pool may close its connections before `work` returns (the relay bench's drains do), and an ended backend's CPU is
  // gone from /proc; so backends are sampled while it runs, and one that ended counts with its last sample (≤ 250 ms short).
  const seen = new Map<number, { name: string; cpu: number }>();
  const sample = async () => {
    for (const { pid, application_name } of await backends()) seen.set(pid, { name: application_name || '(unnamed)', cpu: cpuSeconds(pid) });
  };
  const sampler = setInterval(() => void sample().catch(() => undefined), 250);
  const started = performance.now();
  const result = await work().finally(() => clearInterval(sampler));
  const wall = (performance.now() - started) / 1000;
  await sample();
  const used = (pid: number) => Math.max(0, cpuSeconds(pid) - (before.get(pid) ?? 0));
  const cpu: Record<string, number> = {};
  for (const app of apps()) cpu[`${app.name} (node)`] = round(used(app.child.pid!), 1);
  const byApplication = new Map<string, number>();
  for (const [pid, { name, cpu: last }] of seen) {
    const now = cpuSeconds(pid);
    byApplication.set(name, (byApplication.get(name) ?? 0) + Math.max(0, (now > 0 ? now : last) - (before.get(pid) ?? 0)));
  }
  for (const [name, seconds] of [...byApplication].sort((a, b) => b[1] - a[1])) cpu[`postgres, connections of ${name}`] = round(seconds, 1);
  cpu['rabbitmq (beam.smp, shared with anything else on the broker)'] = round(pidsOf('beam.smp').reduce((sum, pid) => sum + used(pid), 0), 1);
  const bench = process.cpuUsage(benchBefore);
  cpu['this bench process (polling, load generator)'] = round((bench.user + bench.system) / 1e6, 1);
  const machineAfter = machineCpuSeconds();
  cpu['whole machine, busy'] = round(machineAfter.busy - machineBefore.busy, 1);
  cpu['whole machine, available (cores × wall)'] = round(machineAfter.total - machineBefore.total, 1);
  const statsAfter = await databaseStats(database, databaseName);
  const database_activity = Object.fromEntries(Object.keys(statsAfter).map((key) => [key, statsAfter[key] - statsBefore[key]]));
  return { result, cpu, database_activity, wall_s: round(wall, 2) };
}

/** The database's own counters (pg_stat_database): transactions, and rows read by scans versus rows returned. */
async function databaseStats(database: Client, databaseName: string): Promise<Record<string, number>> {
  await database.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await database.query<Record<string, string>>(
    'SELECT xact_commit, xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_updated, blks_hit, blks_read FROM pg_stat_database WHERE datname = $1',
    [databaseName],
  );
  return Object.fromEntries(Object.entries(rows[0]).map(([key, value]) => [key, Number(value)]));
}
