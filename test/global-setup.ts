import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { runMigrations } from '../libs/platform/src/persistence/migrate';
import { MIGRATIONS } from '../migrations';
import { createVhost, deleteVhost, staleVhosts } from './test-broker';
import { TEST_SERVER_URL, databaseUrl, freshDatabaseName, withAdmin } from './test-database';

/** One fresh, migrated database and one RabbitMQ vhost per test run, so that runs never collide; and the apps built, for the process tests. */
export default async function globalSetup(): Promise<void> {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: join(__dirname, '..'), stdio: 'inherit' });
  const name = freshDatabaseName();
  await withAdmin(async (admin) => {
    const stale = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'missive\\_test\\_%' AND datname < $1`,
      [`missive_test_${(Date.now() - 6 * 3_600_000).toString(36)}`],
    );
    for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  });
  for (const vhost of await staleVhosts(`missive_test_${(Date.now() - 6 * 3_600_000).toString(36)}`)) await deleteVhost(vhost);
  process.env.TEST_AMQP_URL = await createVhost(name);
  process.env.MISSIVE_TEST_DATABASE = name;
  process.env.MISSIVE_TEST_DATABASE_URL = databaseUrl(TEST_SERVER_URL, name);
  await runMigrations(process.env.MISSIVE_TEST_DATABASE_URL, MIGRATIONS);
}
