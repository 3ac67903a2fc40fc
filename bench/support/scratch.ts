import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brokerVersion, scratchVhost } from './broker';
import { onCleanup } from './cleanup';
import { connect, freshDatabase, serverVersion } from './database';

export const BENCH_JWT_SECRET = 'bench-secret-that-is-at-least-32-characters';

/** What a bench that runs the apps needs of its own: a database, a vhost, a DATA_DIR, all removed at the end. */
export async function scratchEnvironment(label: string) {
  const database = await freshDatabase(label);
  const vhost = await scratchVhost(label);
  const client = await connect(database.url);
  onCleanup('close the bench connection', () => client.end());
  const dataDir = mkdtempSync(join(tmpdir(), 'missive-bench-'));
  onCleanup(`remove ${dataDir}`, () => rmSync(dataDir, { recursive: true, force: true }));
  const versions = { postgres: await serverVersion(client), rabbitmq: await brokerVersion() };
  /** The settings every app of the bench runs with: this database and vhost, broker mode, quiet logs. */
  const appEnv = {
    DATABASE_URL: database.url,
    AMQP_URL: vhost.url,
    OUTBOX_DISPATCH: 'broker',
    JWT_SECRET: BENCH_JWT_SECRET,
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
  };
  return { database, vhost, client, dataDir, versions, appEnv };
}
