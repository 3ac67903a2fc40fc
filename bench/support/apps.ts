import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onCleanup, sleep } from './cleanup';

export const ROOT = join(__dirname, '..', '..');
const KEEP_OUTPUT = 64 * 1024;

export interface App {
  name: string;
  child: ChildProcess;
  /** The last 64 KB the process wrote. */
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop: () => Promise<void>;
}

let buildDir = join(ROOT, 'dist');

/**
 * Builds the apps as `npm run build` does (swc, the same .swcrc) but into a directory of the bench's own,
 * git-ignored (`bench/results/*.tmp`) and removed at the end: another engineer's `npm run build`, which empties
 * dist/ first, cannot pull the apps from under a running bench, and the bench never empties theirs.
 * BENCH_USE_DIST=1 runs dist/ as it is instead.
 */
export function buildApps(apps: string[]): string {
  if (process.env.BENCH_USE_DIST === '1') {
    buildDir = join(ROOT, 'dist');
  } else {
    buildDir = join(ROOT, 'bench', 'results', `build-${process.pid}-${Date.now().toString(36)}.tmp`);
    onCleanup(`remove ${buildDir}`, () => rmSync(buildDir, { recursive: true, force: true }));
    execFileSync(join(ROOT, 'node_modules', '.bin', 'swc'), ['apps', 'libs', 'migrations', '-d', buildDir, '--config-file', '.swcrc', '--quiet'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  for (const app of apps) {
    const main = join(buildDir, 'apps', app, 'src', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: the build failed${process.env.BENCH_USE_DIST === '1' ? ' (run `npm run build`)' : ''}`);
  }
  return buildDir;
}

/** A built app (`<build>/apps/<app>/src/main.js`) in its own process, cwd the repository; stopped with SIGTERM (then SIGKILL) at cleanup. */
export function startApp(name: string, args: string[], env: Record<string, string>): App {
  const child = spawn(process.execPath, [...profileArgs(name), join(buildDir, 'apps', name, 'src', 'main.js'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: string) => {
    output += chunk;
    if (output.length > 2 * KEEP_OUTPUT) output = output.slice(-KEEP_OUTPUT);
  };
  child.stdout?.setEncoding('utf8').on('data', keep);
  child.stderr?.setEncoding('utf8').on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const done = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
    if (!done) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  onCleanup(`stop ${name}`, stop);
  return { name, child, output: () => output.slice(-KEEP_OUTPUT), exited, stop };
}

const PROFILE_DIR = join(ROOT, 'bench', 'results', `profiles-${new Date().toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')}.tmp`);
const profiled: { name: string; dir: string }[] = [];

// why: Nest's shutdown hook closes the app, then kills the process again with the same signal, and a process
// killed by a signal never writes its --cpu-prof profile. This preload catches that second signal and exits
// normally instead (the app has already closed), so the profile gets written. Bench-side only.
const EXIT_ON_SECOND_SIGNAL = `let signals = 0;
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    signals += 1;
    if (signals >= 2) process.exit(0);
    setTimeout(() => process.exit(0), 20000).unref();
  });
}
`;

/**
 * BENCH_PROFILE=1: each app runs under V8's CPU profiler (`--cpu-prof`); `summarizeProfiles()` writes, beside
 * each profile, the functions and the packages where the app spent its CPU time.
 */
function profileArgs(name: string): string[] {
  if (process.env.BENCH_PROFILE !== '1') return [];
  const dir = join(PROFILE_DIR, name);
  mkdirSync(dir, { recursive: true });
  const preload = join(PROFILE_DIR, 'exit-on-second-signal.cjs');
  if (!existsSync(preload)) writeFileSync(preload, EXIT_ON_SECOND_SIGNAL);
  profiled.push({ name, dir });
  return ['--require', preload, '--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=500'];
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }[];
  startTime: number;
  endTime: number;
}

/** Where a package's time is counted: node_modules/<package>, the app's own code, node internals, or V8's buckets. */
function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1];
  if (url.startsWith('node:')) return 'node internals';
  const own = /\/(apps|libs)\/([^/]+)\//.exec(url);
  return own ? `missive ${own[1]}/${own[2]}` : url;
}

/** The top functions by self time, the packages by self time, and the inclusive time of a few suspects. */
function summarize(profile: CpuProfile): string {
  const total = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0) || 1;
  const self = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'}  ${url.replace(/^.*node_modules\//, '').replace(/^.*\/(apps|libs)\//, '$1/')}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + hits);
    const pkg = packageOf(url, functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + hits);
  }
  const share = (hits: number) => `${((100 * hits) / total).toFixed(1).padStart(5)}%`;
  const lines = [`${total} samples over ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s (idle included)`, '', 'self time by package:'];
  for (const [pkg, hits] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 25)) lines.push(`  ${share(hits)}  ${pkg}`);
  lines.push('', 'self time by function:');
  for (const [fn, hits] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) lines.push(`  ${share(hits)}  ${fn}`);
  return `${lines.join('\n')}\n`;
}

/** Writes `<app>.txt` summaries beside the `.cpuprofile` files; returns the directory. */
export function summarizeProfiles(): string | null {
  if (profiled.length === 0) return null;
  for (const { name, dir } of profiled) {
    try {
      const file = readdirSync(dir).find((entry) => entry.endsWith('.cpuprofile'));
      if (!file) throw new Error('no .cpuprofile written (did the app exit by itself?)');
      writeFileSync(join(PROFILE_DIR, `${name}.txt`), summarize(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile));
    } catch (error) {
      process.stderr.write(`profile of ${name}: ${(error as Error).message}\n`);
    }
  }
  return PROFILE_DIR;
}

/** Polls `url` until it answers 200; fails early, with the app's output, if the app exits. */
export async function waitForOk(url: string, app: App, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.child.exitCode !== null) throw new Error(`${app.name} exited with ${app.child.exitCode} before ${url} answered:\n${app.output()}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then((response) => response.ok, () => false);
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${app.output()}`);
}

export function assertAlive(...apps: App[]): void {
  for (const app of apps) {
    if (app.child.exitCode !== null || app.child.signalCode !== null) {
      throw new Error(`${app.name} exited (${app.child.exitCode ?? app.child.signalCode}):\n${app.output()}`);
    }
  }
}

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system) a process has used so far; 0 when it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** The whole machine's busy and total CPU seconds so far (all cores), from /proc/stat. */
export function machineCpuSeconds(): { busy: number; total: number } {
  try {
    const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const ticks = values.map(Number);
    const total = ticks.reduce((sum, value) => sum + value, 0);
    const idle = ticks[3] + (ticks[4] ?? 0);
    return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
  } catch {
    return { busy: 0, total: 0 };
  }
}

export function pidsOf(command: string): number[] {
  try {
    return execFileSync('pgrep', ['-x', command], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
