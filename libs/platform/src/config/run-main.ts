import { ConfigError } from './config.error';

/**
 * Runs an app's start-up. A bad setting stops it with the one line that names the variable;
 * any other failure to start is printed with its cause. Either way the exit code is 1.
 */
export function runMain(main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    const line = error instanceof ConfigError ? error.message : `Start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    process.stderr.write(`${line}\n`);
    process.exit(1);
  });
}
