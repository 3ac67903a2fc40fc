import { startGateway, Gateway, PASSWORD, uniqueEmail } from '../../api-gateway/test/gateway';
import { DataSource } from 'typeorm';
import { runApp, within } from '../../../test/process';

const DATABASE_URL = process.env.MISSIVE_TEST_DATABASE_URL;

describe('operator CLI', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startGateway();
  });

  afterAll(() => gateway.close());

  const cli = async (...args: string[]) => {
    const run = runApp('cli', args, { DATABASE_URL });
    const { code } = await within(run.exited, 20_000, `cli ${args.join(' ')}`);
    return { code, output: run.output() };
  };

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

  it('users promote of an unknown email fails with the reason', async () => {
    const { code, output } = await cli('users', 'promote', 'nobody-at-all@example.com');
    expect(code).toBe(1);
    expect(output).toContain('No user with the email nobody-at-all@example.com');
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
    expect(again.output).toContain('was already replayed');
    expect((await cli('dead-letters', 'replay-all', '--queue', 'dispatcher.cli-test')).output).toContain('replayed 0 dead letters');
  }, 60_000);

  it('prints its usage and exits 2 on an unknown command', async () => {
    const { code, output } = await cli('frobnicate');
    expect(code).toBe(2);
    expect(output).toContain('usage:');
  }, 30_000);
});
