import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brokerVersion, scratchVhost } from './broker';
import { onCleanup } from './cleanup';
import { connect, freshDatabase, serverVersion } from './database';

/** What a bench that runs the apps needs of its own: a database, a vhost, a DATA_DIR, all removed at the end. */
export async function scratchEnvironment(label: string) {
  const database = await freshDatabase(label);
  const vhost = await scratchVhost(label);
  const client = await connect(database.url);
  onCleanup('close the bench connection', () => client.end());
  const dataDir = mkdtempSync(join(tmpdir(), 'missive-bench-'));
  onCleanup(`remove ${dataDir}`, () => rmSync(dataDir, { recursive: true, force: true }));
  const versions = { postgres: await serverVersion(client), rabbitmq: await brokerVersion() };
  return { database, vhost, client, dataDir, versions };
}
