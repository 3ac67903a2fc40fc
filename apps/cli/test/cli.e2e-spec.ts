import { startGateway, Gateway, PASSWORD, uniqueEmail } from '../../api-gateway/test/gateway';
import { DataSource } from 'typeorm';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runApp, within } from '../../../test/process';

const DATABASE_URL = process.env.MISSIVE_TEST_DATABASE_URL;

describe('operator CLI', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startGateway();
  });

  afterAll(() => gateway.close());

  const cliWith = async (env: Record<string, string | undefined>, ...args: string[]) => {
    const run = runApp('cli', args, env);
    const { code } = await within(run.exited, 20_000, `cli ${args.join(' ')}`);
    return { code, output: run.output() };
  };
  const cli = (...args: string[]) => cliWith({ DATABASE_URL }, ...args);
  const oneLine = (output: string) => output.trimEnd().split('\n');

  it('migration:run applies nothing twice', async () => {
    expect(await cli('migration:run')).toEqual({ code: 0, output: 'no pending migrations\n' });
  }, 30_000);

  it('users promote makes a registered user an admin', async () => {
    const email = uniqueEmail();
    await gateway.request('POST', '/v1/users', { body: { email, password: PASSWORD } });
    const { code, output } = await cli('users', 'promote', email.toUpperCase());
    expect(code).toBe(0);
    expect(output).toContain('is now an admin');
    const login = await gateway.request('POST', '/v1/users/auth/login', { body: { email, password: PASSWORD } });
    const me = await gateway.request('GET', '/v1/users/auth/current_user', { headers: { authorization: `Bearer ${login.body.access_token}` } });
    expect(me.body.role).toBe('admin');
  }, 30_000);

  it('users promote of an unknown email fails with one line: the reason and what to do', async () => {
    const { code, output } = await cli('users', 'promote', 'nobody-at-all@example.com');
    expect(code).toBe(1);
    expect(oneLine(output)).toEqual(['No user with the email nobody-at-all@example.com: check the email, or have the user register first (POST /v1/users).']);
  }, 30_000);

  it('creates no database it was not asked for: without DATABASE_URL and an embedded one in DATA_DIR, it says so in one line', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'missive-cli-'));
    try {
      for (const args of [['users', 'promote', 'someone@example.com'], ['migration:run'], ['dead-letters', 'list']]) {
        const { code, output } = await cliWith({ DATA_DIR: join(parent, '.missive') }, ...args);
        expect(code).toBe(1);
        expect(oneLine(output)).toEqual([expect.stringMatching(/^No database: DATABASE_URL is not set and .* holds no embedded database of `npm start`\. Set DATABASE_URL/)]);
      }
      expect(readdirSync(parent)).toEqual([]);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }, 60_000);

  it.each([
    [['users', 'promote'], 'usage: npm run users -- promote <email>'],
    [['users', 'demote', 'a@example.com'], 'usage: npm run users -- promote <email>'],
    [['dead-letters', 'replay'], 'usage: npm run dead-letters -- list [--queue <queue>] [--pending] | replay <id> | replay-all --queue <queue>'],
    [['frobnicate'], 'unknown command "frobnicate": use one of migration:run, users promote <email>, topology:export [<file>], dead-letters list|replay|replay-all, import <file>'],
  ])('%j: one line that says what to do, exit status 1', async (args, line) => {
    const { code, output } = await cli(...args);
    expect(code).toBe(1);
    expect(oneLine(output)).toEqual([line]);
  }, 30_000);

  it('a wrong setting: the one line naming it, exit status 1', async () => {
    const { code, output } = await cliWith({ DATABASE_URL: 'mysql://nowhere/db' }, 'users', 'promote', 'a@example.com');
    expect(code).toBe(1);
    expect(oneLine(output)).toEqual(['Invalid configuration: DATABASE_URL must be a URL starting with postgres:// or postgresql://, got "mysql://nowhere/db"']);
  }, 30_000);

  it('a database without the tables: one line that says to migrate', async () => {
    const { code, output } = await cliWith({ DATABASE_URL: DATABASE_URL!.replace(/\/[^/]+$/, '/postgres') }, 'users', 'promote', 'a@example.com');
    expect(code).toBe(1);
    expect(oneLine(output)).toEqual([expect.stringContaining('run `npm run migration:run` first')]);
    expect(output).not.toMatch(/^\s+at /m);
  }, 30_000);

  it('dead-letters lists and replays', async () => {
    const id = '01a20200-0000-7000-8000-00000000d1ed';
    await gateway.app.get(DataSource).query(
      `INSERT INTO platform.dead_letters (id, queue, type, payload, error, attempts) VALUES ($1, 'dispatcher.cli-test', 'cli.test', '{}', 'Error: cli boom', 2)`,
      [id],
    );
    const listed = await cli('dead-letters', 'list', '--queue', 'dispatcher.cli-test');
    expect(listed.code).toBe(0);
    expect(listed.output).toContain(`${id}`);
    expect(listed.output).toContain('Error: cli boom');
    const replayed = await cli('dead-letters', 'replay', id);
    expect(replayed).toMatchObject({ code: 0 });
    expect(replayed.output).toMatch(new RegExp(`replayed ${id} as outbox message [0-9a-f-]{36}`));
    const again = await cli('dead-letters', 'replay', id);
    expect(again.code).toBe(1);
    expect(oneLine(again.output)).toEqual([expect.stringMatching(/was already replayed at .*: list the pending ones with `npm run dead-letters -- list --pending`\.$/)]);
    expect((await cli('dead-letters', 'replay-all', '--queue', 'dispatcher.cli-test')).output).toContain('replayed 0 dead letters');
  }, 60_000);

  it('prints its usage on help', async () => {
    const { code, output } = await cli('help');
    expect(code).toBe(0);
    expect(output).toContain('npm run users -- promote <email>');
  }, 30_000);
});
