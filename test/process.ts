import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../libs/platform/src/net/free-port';

export { freePort };

export const ROOT = join(__dirname, '..');

export interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A built app (`dist/apps/<app>/src/main.js`) in its own process, its output captured; `root`: a checkout other than this one. */
export function runApp(app: string, args: string[], env: Record<string, string | undefined>, { root = ROOT, nodeOptions = [] as string[] } = {}): Running {
  const child = spawn(process.execPath, [...nodeOptions, join(root, 'dist/apps', app, 'src/main.js'), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

/** The lines of a process's output logged at warn level or above: pino's JSON levels 40–60, or Nest's console logger. */
export function warnings(output: string): string[] {
  return output.split('\n').filter((line) => /"level":(4|5|6)0\b/.test(line) || /\b(WARN|ERROR|FATAL)\b/.test(line));
}

/** Polls `url` until it answers 200, or fails with the process output. */
export async function waitForOk(url: string, running: Running, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (running.child.exitCode !== null) throw new Error(`exited with ${running.child.exitCode} before ${url} answered:\n${running.output()}`);
    const ok = await fetch(url).then((response) => response.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${running.output()}`);
}

export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until `condition` holds, checking every `everyMs`; fails naming `what` (and the diagnosis) after `ms`. */
export async function until(condition: () => Promise<boolean> | boolean, what: string, ms = 20_000, diagnose: () => string = () => '', everyMs = 10): Promise<void> {
  for (const deadline = Date.now() + ms; ; await new Promise((resolve) => setTimeout(resolve, everyMs))) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}\n${diagnose()}`);
  }
}
