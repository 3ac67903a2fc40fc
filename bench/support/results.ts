import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

export const RESULTS_DIR = join(__dirname, '..', 'results');

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: join(__dirname, '..', '..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return 'unknown';
  }
}

/** The source tree as the bench started (and built the apps): the tree is shared and moves, so the figures are of this state. */
const SOURCE = {
  commit: git(['rev-parse', '--short', 'HEAD']).trim(),
  /** Source files changed and not committed. */
  uncommitted: git(['status', '--porcelain', '--', 'apps', 'libs', 'migrations', 'rabbitmq']).split('\n').filter(Boolean).map((line) => line.slice(3)),
};

export function machine(extra: Record<string, string> = {}) {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    source_at_start: SOURCE,
    /** 1, 5 and 15 minute load averages when the results were written: other work on the box skews the figures. */
    load_average_at_end: loadavg().map((value) => Math.round(value * 100) / 100),
    ...extra,
  };
}

/** Writes `bench/results/<name>-<ISO time>.json` and returns its path. */
export function writeResults(name: string, body: Record<string, unknown>): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  const path = join(RESULTS_DIR, `${name}-${stamp}.json`);
  writeFileSync(path, `${JSON.stringify({ bench: name, at: new Date().toISOString(), ...body }, null, 2)}\n`);
  return path;
}

/** A plain text table: the first row is the header. */
export function table(rows: (string | number)[][]): string {
  const cells = rows.map((row) => row.map((cell) => (typeof cell === 'number' ? cell.toLocaleString('en-US') : cell)));
  const widths = cells[0].map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [line(cells[0]), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export function percentiles(values: number[], points = [50, 95, 99]): Record<string, number> {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
  const result: Record<string, number> = {};
  for (const p of points) result[`p${p}`] = Math.round(at(p) * 10) / 10;
  result.max = Math.round((sorted[sorted.length - 1] ?? NaN) * 10) / 10;
  return result;
}
