/**
 * What a bench must undo whatever happens (a scratch database, a scratch vhost, child processes):
 * run in reverse order on the way out, on an error, or on Ctrl-C.
 */
const steps: { what: string; run: () => Promise<unknown> | unknown }[] = [];
let running: Promise<void> | null = null;

export function onCleanup(what: string, run: () => Promise<unknown> | unknown): void {
  steps.push({ what, run });
}

export function cleanUp(): Promise<void> {
  running ??= (async () => {
    for (let step = steps.pop(); step; step = steps.pop()) {
      try {
        await Promise.race([step.run(), new Promise((resolve) => setTimeout(resolve, 30_000).unref())]);
      } catch (error) {
        process.stderr.write(`cleanup: ${step.what} failed: ${(error as Error).message}\n`);
      }
    }
  })();
  return running;
}

/** Runs a bench: cleans up after it, and on SIGINT/SIGTERM too; exit code 1 on failure. */
export function runBench(main: () => Promise<void>): void {
  const stop = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: cleaning up\n`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', stop).once('SIGTERM', stop);
  main()
    .then(cleanUp, async (error: unknown) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      await cleanUp();
      process.exitCode = 1;
    })
    .finally(() => setTimeout(() => process.exit(), 200).unref());
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Rejects when `promise` takes longer than `ms`: every wait of a bench is bounded. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${Math.round(ms / 1000)} s`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function envInt(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number ≥ ${min}, got "${raw}"`);
  return value;
}
