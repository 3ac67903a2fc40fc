import { deleteVhost } from './test-broker';
import { withAdmin } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const name = process.env.MISSIVE_TEST_DATABASE;
  if (!name) return;
  await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  await deleteVhost(name);
}
