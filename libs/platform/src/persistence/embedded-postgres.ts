import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../net/free-port';
import { Binaries, binariesFor, exists, Owner, ownerForServer, pgdataFor, recordedPgdata, SUPERUSER } from './embedded-postgres.placement';

const DATABASE = 'missive';
const SERVER_FILE = 'server.json';

interface RunningServer {
  ownerPid: number;
  url: string;
}

/**
 * A real PostgreSQL server from the `embedded-postgres` binaries, its data kept under a folder of ours.
 * It runs in its own process group, so Ctrl-C reaches the app first and the database is stopped last.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly process: ChildProcess | null,
    readonly url: string,
    private readonly serverFile: string | null,
  ) {}

  /**
   * The server of the Missive process already running on this folder, else the folder's database started;
   * never a new database: without one it fails with `NoEmbeddedDatabase`.
   */
  static async open(directory: string, log: (line: string) => void): Promise<EmbeddedPostgres> {
    const running = await runningServer(directory);
    if (running) return new EmbeddedPostgres(null, running.url, null);
    if (!(await exists(join(await recordedPgdata(directory), 'PG_VERSION')))) throw new NoEmbeddedDatabase(directory);
    return EmbeddedPostgres.start(directory, log);
  }

  static async start(directory: string, log: (line: string) => void): Promise<EmbeddedPostgres> {
    const running = await runningServer(directory);
    if (running) throw new Error(`Missive (pid ${running.ownerPid}) is already running on ${directory}: stop it, or use another DATA_DIR.`);
    const owner = await ownerForServer();
    const binaries = await binariesFor(owner, log);
    await mkdir(directory, { recursive: true, mode: 0o755 });
    const pgdata = await pgdataFor(directory, owner, log);
    const password = await passwordOf(directory);
    if (!(await exists(join(pgdata, 'PG_VERSION')))) await initialise(binaries, pgdata, password, owner, log);
    await stopLeftover(pgdata, log);
    const port = await freePort();
    const logFile = join(directory, 'postgres.log');
    const logFd = openSync(logFile, 'a');
    const child = spawn(
      binaries.postgres,
      ['-D', pgdata, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
      { ...owner, cwd: dirname(pgdata), detached: true, stdio: ['ignore', logFd, logFd], env: { ...process.env, LC_MESSAGES: 'C' } },
    );
    closeSync(logFd);
    const admin = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
    await waitUntilReady(child, `${admin}/postgres`, logFile);
    await createDatabase(`${admin}/postgres`);
    const url = `${admin}/${DATABASE}`;
    const serverFile = join(directory, SERVER_FILE);
    await writeFile(serverFile, JSON.stringify({ ownerPid: process.pid, url } satisfies RunningServer), { mode: 0o600 });
    log(`embedded PostgreSQL ready on 127.0.0.1:${port}, data in ${pgdata}`);
    return new EmbeddedPostgres(child, url, serverFile);
  }

  /** Fast shutdown: open transactions roll back, the data is checkpointed and kept. A server only attached to is left running. */
  async stop(): Promise<void> {
    if (this.serverFile) await rm(this.serverFile, { force: true });
    const server = this.process;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    server.kill('SIGINT');
    const timer = setTimeout(() => server.kill('SIGQUIT'), 30_000);
    await exited;
    clearTimeout(timer);
  }
}

/** No database in the folder, and the caller may not create one. */
export class NoEmbeddedDatabase extends Error {
  constructor(readonly directory: string) {
    super(`No database: DATABASE_URL is not set and ${directory} holds no embedded database of \`npm start\`. Set DATABASE_URL, or DATA_DIR to the folder \`npm start\` uses.`);
  }
}

async function runningServer(directory: string): Promise<RunningServer | null> {
  try {
    const server = JSON.parse(await readFile(join(directory, SERVER_FILE), 'utf8')) as RunningServer;
    return server.ownerPid !== process.pid && alive(server.ownerPid) ? server : null;
  } catch {
    return null;
  }
}

async function initialise(binaries: Binaries, pgdata: string, password: string, owner: Owner | undefined, log: (line: string) => void) {
  log(`initialising embedded PostgreSQL in ${pgdata}`);
  await mkdir(pgdata, { recursive: true, mode: 0o700 });
  const passwordFile = join(dirname(pgdata), '.initdb-password');
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  if (owner) {
    await chown(pgdata, owner.uid, owner.gid);
    await chown(passwordFile, owner.uid, owner.gid);
  }
  try {
    await run(binaries.initdb, ['-D', pgdata, '-U', SUPERUSER, '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '-E', 'UTF8', '--locale=C'], owner, dirname(pgdata));
  } catch (error) {
    await rm(pgdata, { recursive: true, force: true });
    throw new Error(`initdb failed: ${(error as Error).message}.`);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

async function passwordOf(directory: string): Promise<string> {
  const file = join(directory, 'postgres.password');
  if (await exists(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, password, { mode: 0o600 });
  return password;
}

/** A server left running by a process that was killed holds the data folder: stop it first. */
async function stopLeftover(pgdata: string, log: (line: string) => void): Promise<void> {
  const pidFile = join(pgdata, 'postmaster.pid');
  if (!(await exists(pidFile))) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!pid || !alive(pid)) return;
  log(`stopping an embedded PostgreSQL (pid ${pid}) left running by an earlier run`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; alive(pid); waited += 100) {
    if (waited > 30_000) throw new Error(`PostgreSQL pid ${pid} still holds ${pgdata}; stop it and start again.`);
    await sleep(100);
  }
}

async function waitUntilReady(child: ChildProcess, url: string, logFile: string): Promise<void> {
  const tail = async () => (await readFile(logFile, 'utf8').catch(() => '')).trim().split('\n').slice(-5).join(' | ');
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`embedded PostgreSQL exited with code ${child.exitCode}: ${await tail()}`);
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await sleep(100);
    }
  }
  child.kill('SIGQUIT');
  throw new Error(`embedded PostgreSQL did not accept connections within 60 s: ${await tail()}`);
}

async function createDatabase(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

function run(file: string, args: string[], owner: Owner | undefined, cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...owner, cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } });
    let errors = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${file} exited with ${code}: ${errors.trim().slice(-500)}`))));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

