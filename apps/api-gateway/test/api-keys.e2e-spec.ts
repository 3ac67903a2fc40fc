import { createHash, randomUUID } from 'node:crypto';
import { Gateway, Session, UUID, bearer, expectInvalidField, expectProblem, signUp, startGateway } from './gateway';

const API_KEYS = '/v1/users/api-keys';
const CURRENT_USER = '/v1/users/auth/current_user';

describe('API keys', () => {
  let gateway: Gateway;
  let owner: Session;

  beforeAll(async () => {
    gateway = await startGateway();
    owner = await signUp(gateway);
  });

  afterAll(async () => {
    await gateway.close();
  });

  const createKey = async (session: Session, name = 'ci') => {
    const reply = await gateway.request('POST', API_KEYS, { body: { name }, headers: bearer(session.access_token) });
    expect(reply.status).toBe(201);
    return reply.body as { id: string; key: string; prefix: string };
  };
  const list = (session: Session, query = '') => gateway.request('GET', `${API_KEYS}${query}`, { headers: bearer(session.access_token) });
  const revoke = (session: Session, id: string) => gateway.request('DELETE', `${API_KEYS}/${id}`, { headers: bearer(session.access_token) });
  const currentUserWith = (key: string) => gateway.request('GET', CURRENT_USER, { headers: { 'x-api-key': key } });

  describe('POST /v1/users/api-keys', () => {
    it('answers 201 with the key, prefixed msv_', async () => {
      const reply = await gateway.request('POST', API_KEYS, { body: { name: 'billing worker' }, headers: bearer(owner.access_token) });

      expect(reply.status).toBe(201);
      expect(reply.body).toEqual({
        id: expect.stringMatching(UUID),
        name: 'billing worker',
        prefix: expect.stringMatching(/^msv_/),
        key: expect.stringMatching(/^msv_/),
        created_at: expect.any(String),
      });
      expect(reply.body.key.startsWith(reply.body.prefix)).toBe(true);
    });

    it('shows the key only once: the list holds neither the key nor its hash', async () => {
      const session = await signUp(gateway);
      const { id, key } = await createKey(session);

      const reply = await list(session);

      expect(reply.body.items).toEqual([{ id, name: 'ci', prefix: key.slice(0, 12), created_at: expect.any(String), revoked_at: null }]);
      const text = JSON.stringify(reply.body);
      expect(text).not.toContain(key);
      expect(text).not.toContain(createHash('sha256').update(key).digest('hex'));
    });

    it.each([
      ['a missing name', {}, 'name'],
      ['an empty name', { name: '' }, 'name'],
      ['a 101-character name', { name: 'n'.repeat(101) }, 'name'],
      ['a name with a control character', { name: 'ci\u0007bell' }, 'name'],
      ['an extra field', { name: 'ci', scopes: ['all'] }, 'scopes'],
    ])('rejects %s with a 400 naming the field', async (_case, body, field) => {
      expectInvalidField(await gateway.request('POST', API_KEYS, { body, headers: bearer(owner.access_token) }), field);
    });
  });

  describe('X-Api-Key', () => {
    it('authenticates as the owner of the key', async () => {
      const { key } = await createKey(owner);

      const reply = await currentUserWith(key);

      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ id: owner.id, email: owner.email });
    });

    it.each([
      ['an unknown key', `msv_${'x'.repeat(43)}`],
      ['an over-long key', `msv_${'x'.repeat(300)}`],
    ])('answers 401 to %s', async (_case, key) => {
      expectProblem(await currentUserWith(key), 401);
    });
  });

  describe('GET /v1/users/api-keys', () => {
    it('pages through the keys with next_cursor, without overlap', async () => {
      const session = await signUp(gateway);
      const created = [await createKey(session, 'one'), await createKey(session, 'two'), await createKey(session, 'three')];

      const first = await list(session, '?limit=2');
      const second = await list(session, `?limit=2&cursor=${first.body.next_cursor}`);

      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.next_cursor).toEqual(expect.stringMatching(UUID));
      expect(second.body).toEqual({ items: [expect.anything()], next_cursor: null });
      const ids = [...first.body.items, ...second.body.items].map((item: { id: string }) => item.id);
      expect(new Set(ids).size).toBe(3);
      expect(ids.sort()).toEqual(created.map(({ id }) => id).sort());
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=abc', 'limit'],
      ['cursor=not-a-uuid', 'cursor'],
    ])('rejects %s with a 400 naming the field', async (query, field) => {
      expectInvalidField(await list(owner, `?${query}`), field);
    });
  });

  describe('DELETE /v1/users/api-keys/:id', () => {
    it('answers 204; the key then answers 401 and the list shows it revoked', async () => {
      const session = await signUp(gateway);
      const { id, key } = await createKey(session);

      expect((await revoke(session, id)).status).toBe(204);

      expectProblem(await currentUserWith(key), 401);
      const [item] = (await list(session)).body.items;
      expect(item).toMatchObject({ id, revoked_at: expect.any(String) });
      expect(Date.parse(item.revoked_at)).not.toBeNaN();
    });

    it("answers 404 to another user's key, which keeps working", async () => {
      const { id, key } = await createKey(owner);
      const stranger = await signUp(gateway);

      expectProblem(await revoke(stranger, id), 404);

      expect((await currentUserWith(key)).status).toBe(200);
    });

    it('answers 404 to an unknown id', async () => {
      expectProblem(await revoke(owner, randomUUID()), 404);
    });

    it('answers 400 to an id that is not a uuid', async () => {
      expectProblem(await revoke(owner, 'not-a-uuid'), 400);
    });
  });

  it.each([
    ['POST', API_KEYS, { name: 'ci' }],
    ['GET', API_KEYS, undefined],
    ['DELETE', `${API_KEYS}/00000000-0000-4000-8000-000000000000`, undefined],
  ])('answers 401 to %s %s without credentials', async (method, url, body) => {
    expectProblem(await gateway.request(method, url, { body }), 401);
  });
});
