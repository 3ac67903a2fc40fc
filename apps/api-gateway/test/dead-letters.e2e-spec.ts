import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { uuidV7 } from '@app/shared-kernel';
import { bearer, expectProblem, Gateway, logIn, register, signUp, startGateway, uniqueEmail } from './gateway';

describe('admin: dead letters', () => {
  let gateway: Gateway;
  let admin: Record<string, string>;
  let user: Record<string, string>;
  const queue = `dispatcher.test-${randomUUID().slice(0, 8)}.do-thing`;

  const deadLetter = async (overrides: Partial<{ queue: string; error: string }> = {}) => {
    const id = uuidV7();
    await gateway.app.get(DataSource).query(
      `INSERT INTO platform.dead_letters (id, queue, message_id, type, payload, headers, error, attempts)
       VALUES ($1, $2, $3, 'test.do-thing', '{"id": "x"}', '{}', $4, 3)`,
      [id, overrides.queue ?? queue, randomUUID(), overrides.error ?? 'Error: boom'],
    );
    return id;
  };

  beforeAll(async () => {
    const adminEmail = uniqueEmail();
    gateway = await startGateway({ ADMIN_EMAILS: adminEmail });
    await register(gateway, adminEmail);
    admin = bearer((await logIn(gateway, adminEmail)).access_token);
    user = bearer((await signUp(gateway)).access_token);
  });

  afterAll(() => gateway.close());

  it('lists dead letters newest first with their queue, error and attempts', async () => {
    const first = await deadLetter();
    const second = await deadLetter({ error: 'Refused: no' });
    const reply = await gateway.request('GET', `/v1/admin/dead-letters?queue=${queue}`, { headers: admin });
    expect(reply.status).toBe(200);
    expect(reply.body.items.map((item: { id: string }) => item.id)).toEqual([second, first]);
    expect(reply.body.items[0]).toMatchObject({ queue, error: 'Refused: no', attempts: 3, replayed_at: null, type: 'test.do-thing' });
  });

  it('replays one into the outbox, aimed at its queue, and refuses a second replay', async () => {
    const id = await deadLetter();
    const reply = await gateway.request('POST', `/v1/admin/dead-letters/${id}/replay`, { headers: admin });
    expect(reply.status).toBe(202);
    const [row] = await gateway.app.get(DataSource).query(`SELECT type, headers, payload FROM platform.outbox WHERE id = $1`, [reply.body.replayed_as]);
    expect(row).toEqual({ type: 'test.do-thing', headers: { 'x-target-queue': queue, 'x-replay-of': id }, payload: { id: 'x' } });
    expectProblem(await gateway.request('POST', `/v1/admin/dead-letters/${id}/replay`, { headers: admin }), 409);
    const pending = await gateway.request('GET', `/v1/admin/dead-letters?queue=${queue}&pending=true`, { headers: admin });
    expect(pending.body.items.map((item: { id: string }) => item.id)).not.toContain(id);
  });

  it('answers 404 for an unknown dead letter and 400 for a malformed id or query', async () => {
    expectProblem(await gateway.request('POST', `/v1/admin/dead-letters/${randomUUID()}/replay`, { headers: admin }), 404);
    expectProblem(await gateway.request('POST', '/v1/admin/dead-letters/not-a-uuid/replay', { headers: admin }), 400);
    for (const query of ['limit=0', 'limit=101', 'cursor=nope', 'pending=maybe', 'queue=a%20b']) {
      expectProblem(await gateway.request('GET', `/v1/admin/dead-letters?${query}`, { headers: admin }), 400);
    }
  });

  it('is for admins only: 403 for a user, 401 without credentials', async () => {
    expectProblem(await gateway.request('GET', '/v1/admin/dead-letters', { headers: user }), 403);
    expectProblem(await gateway.request('POST', `/v1/admin/dead-letters/${randomUUID()}/replay`, { headers: user }), 403);
    expectProblem(await gateway.request('GET', '/v1/admin/dead-letters'), 401);
  });
});
