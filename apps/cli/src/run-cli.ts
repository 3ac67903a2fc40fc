import { ConfigError, NoEmbeddedDatabase } from '@app/platform';
import { DomainError } from '@app/shared-kernel';

/** An operator's mistake: printed as it is, one line that says what to do. */
export class CliError extends Error {}

/** A domain error of `work` becomes one line: its reason, then what to do about it. */
export async function hinted<T>(work: Promise<T>, hint: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof DomainError) throw new CliError(`${error.message.replace(/\.$/, '')}: ${hint}.`);
    throw error;
  }
}

/**
 * Runs one CLI command. Whatever fails is one line on stderr and exit status 1, never a stack trace: a wrong
 * setting names the variable, an operator's mistake says what to do, anything else what failed.
 */
export function runCli(main: (command: string | undefined, args: string[]) => Promise<void>): void {
  const [command, ...args] = process.argv.slice(2);
  main(command, args).catch((error: unknown) => {
    process.stderr.write(`${lineOf(error, command)}\n`);
    process.exit(1);
  });
}

function lineOf(error: unknown, command: string | undefined): string {
  if (error instanceof CliError || error instanceof ConfigError || error instanceof NoEmbeddedDatabase) return error.message;
  const { message, code } = error instanceof Error ? (error as Error & { code?: string }) : { message: String(error), code: undefined };
  const reason = message.split('\n')[0];
  if (code === '42P01') return `${command} failed: ${reason}: the database has no Missive tables yet; run \`npm run migration:run\` first`;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND') return `${command} failed: ${reason}: check that DATABASE_URL points at a running PostgreSQL`;
  return `${command} failed: ${reason}`;
}
