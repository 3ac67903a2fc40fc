import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { TransactionHost } from '@nestjs-cls/transactional';
import { SendMessagesCommand } from '@app/messaging/application/commands/send-messages/send-messages.command';
import { standaloneSendTransactions } from '@app/messaging/application/commands/send-messages/standalone-send-transactions';
import { Gateway, Session, UUID, bearer, expectInvalidField, expectProblem, signUp, startGateway } from './gateway';

const MESSAGE = '/v1/messaging/message';
const MESSAGES = '/v1/messaging/messages';
const DELIVERIES = '/v1/messaging/sandbox/deliveries';
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** What makes a message one state, not two mixed: the status is its last history entry, a provider id only once sent. */
const consistency = ({ status, provider_message_id, history }: { status: string; provider_message_id: string | null; history: { status: string }[] }) => ({
  statusIsTheLastEntry: status === history[history.length - 1]?.status,
  providerIdIffSent: (provider_message_id !== null) === history.some((entry) => entry.status === 'sent'),
});

describe('Messaging', () => {
  let gateway: Gateway;
  let owner: Session;
  let keyCounter = 0;

  beforeAll(async () => {
    gateway = await startGateway();
    owner = await signUp(gateway);
  });

  afterAll(async () => {
    await gateway.close();
  });

  const body = (fields: Record<string, unknown> = {}) => ({ messenger: 'sandbox', to: '+15550100', text: 'Your code is 1234', ...fields });
  const newKey = () => `key-${process.pid}-${Date.now()}-${(keyCounter += 1)}`;
  const post = (session: Session, payload: unknown, headers: Record<string, string> = {}) =>
    gateway.request('POST', MESSAGE, { body: payload, headers: { ...bearer(session.access_token), ...headers } });
  const get = (session: Session, url: string) => gateway.request('GET', url, { headers: bearer(session.access_token) });
  const create = async (session: Session, fields: Record<string, unknown> = {}) => {
    const reply = await post(session, body(fields));
    expect(reply.status).toBe(201);
    return reply.body as { id: string };
  };
  const send = (id: string) => gateway.app.get(CommandBus).execute(new SendMessagesCommand([{ messageId: id, correlationId: null }], standaloneSendTransactions(gateway.app.get(TransactionHost))));

  describe('POST /v1/messaging/message', () => {
    it('answers 201 with the queued message and its history', async () => {
      const reply = await post(owner, body());

      expect(reply.status).toBe(201);
      expect(reply.body).toEqual({
        id: expect.stringMatching(UUID),
        messenger: 'sandbox',
        to: '+15550100',
        text: 'Your code is 1234',
        status: 'queued',
        attempts: 0,
        next_attempt_at: null,
        last_error: null,
        provider_message_id: null,
        idempotency_key: null,
        created_at: expect.stringMatching(ISO),
        session_id: null,
        attachments: [],
        history: [{ status: 'queued', at: reply.body.created_at, detail: null }],
      });
    });

    it('answers a replay of the same Idempotency-Key and body with 200 and the same message', async () => {
      const headers = { 'idempotency-key': newKey() };
      const first = await post(owner, body(), headers);

      const replay = await post(owner, body(), headers);

      expect(first.status).toBe(201);
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual(first.body);
      expect(replay.body.idempotency_key).toBe(headers['idempotency-key']);
    });

    it('answers 422 to the same Idempotency-Key with another body', async () => {
      const headers = { 'idempotency-key': newKey() };
      await post(owner, body(), headers);

      const body422 = expectProblem(await post(owner, body({ text: 'Another text' }), headers), 422);

      expect(body422.code).toBe('idempotency_key_reused');
    });

    it("lets another user use the same Idempotency-Key for their own message", async () => {
      const headers = { 'idempotency-key': newKey() };
      const mine = await post(owner, body(), headers);

      const theirs = await post(await signUp(gateway), body(), headers);

      expect(theirs.status).toBe(201);
      expect(theirs.body.id).not.toBe(mine.body.id);
    });

    it('answers 400 to an unknown messenger, naming the known ones', async () => {
      const problem = expectProblem(await post(owner, body({ messenger: 'carrier-pigeon' })), 400);

      expect(problem.detail).toContain('sandbox');
      expect(problem.code).toBe('unknown_messenger');
    });

    it.each([
      ['a missing to', { to: undefined }, 'to'],
      ['an empty to', { to: '' }, 'to'],
      ['a 321-character to', { to: 'a'.repeat(321) }, 'to'],
      ['a to that is a number', { to: 15550100 }, 'to'],
      ['a to with a control character', { to: '+1555\u00000100' }, 'to'],
      ['a missing text', { text: undefined }, 'text'],
      ['an empty text', { text: '' }, 'text'],
      ['a 4097-character text', { text: 't'.repeat(4097) }, 'text'],
      ['a missing messenger', { messenger: undefined }, 'messenger'],
      ['an extra field', { priority: 'high' }, 'priority'],
    ])('answers 400 naming the field to %s', async (_case, fields, field) => {
      expectInvalidField(await post(owner, body(fields)), field);
    });

    it('answers 400 to a blank to', async () => {
      expectProblem(await post(owner, body({ to: '   ' })), 400);
    });

    it.each([
      ['an empty key', ''],
      ['a 201-character key', 'k'.repeat(201)],
      ['a key with a space', 'order 42'],
      ['a key with a tab', 'order\t42'],
    ])('answers 400 to an Idempotency-Key that is %s', async (_case, key) => {
      expectInvalidField(await post(owner, body(), { 'idempotency-key': key }), 'Idempotency-Key');
    });

    it('accepts a 200-character Idempotency-Key of visible ASCII', async () => {
      const key = `${newKey()}~!#`.padEnd(200, 'x');
      expect((await post(owner, body(), { 'idempotency-key': key })).status).toBe(201);
    });

    it.each([
      ['malformed JSON', '{"messenger": "sandbox", "to": '],
      ['a JSON array', '[]'],
      ['JSON null', 'null'],
      ['a JSON string', '"hello"'],
    ])('answers a 400 problem, not a 500, to %s', async (_case, raw) => {
      const reply = await gateway.request('POST', MESSAGE, { raw, headers: { ...bearer(owner.access_token), 'content-type': 'application/json' } });

      expectProblem(reply, 400);
    });
  });

  describe('GET /v1/messaging/messages/:id', () => {
    it('answers the message with its history', async () => {
      const { id } = await create(owner, { to: 'ada@example.com' });

      const reply = await get(owner, `${MESSAGES}/${id}`);

      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ id, to: 'ada@example.com', status: 'queued', history: [{ status: 'queued', detail: null }] });
    });

    it('answers exactly what the 201 answered, right after creation', async () => {
      const created = await post(owner, body(), { 'idempotency-key': newKey() });

      expect((await get(owner, `${MESSAGES}/${created.body.id}`)).body).toEqual(created.body);
    });

    it("answers 404, not 403, to another user's message", async () => {
      const { id } = await create(owner);

      expectProblem(await get(await signUp(gateway), `${MESSAGES}/${id}`), 404);
    });

    it('answers 404 to an unknown id and 400 to an id that is not a uuid', async () => {
      expectProblem(await get(owner, `${MESSAGES}/${randomUUID()}`), 404);
      expectProblem(await get(owner, `${MESSAGES}/not-a-uuid`), 400);
    });
  });

  describe('GET /v1/messaging/messages', () => {
    it("pages through the caller's messages, newest first, without overlap", async () => {
      const session = await signUp(gateway);
      const created = [await create(session), await create(session), await create(session)];

      const first = await get(session, `${MESSAGES}?limit=2`);
      const second = await get(session, `${MESSAGES}?limit=2&cursor=${first.body.next_cursor}`);

      expect(first.status).toBe(200);
      expect(first.body.next_cursor).toEqual(expect.stringMatching(UUID));
      expect(second.body.next_cursor).toBeNull();
      const ids = [...first.body.items, ...second.body.items].map((item: { id: string }) => item.id);
      expect(ids).toEqual([...ids].sort().reverse());
      expect([...ids].sort()).toEqual(created.map(({ id }) => id).sort());
    });

    it('filters by status', async () => {
      const session = await signUp(gateway);
      const [queued, sent] = [await create(session), await create(session)];
      await send(sent.id);

      const onlySent = await get(session, `${MESSAGES}?status=sent`);
      const onlyQueued = await get(session, `${MESSAGES}?status=queued`);

      expect(onlySent.body.items.map((item: { id: string }) => item.id)).toEqual([sent.id]);
      expect(onlyQueued.body.items.map((item: { id: string }) => item.id)).toEqual([queued.id]);
    });

    it.each([
      ['status=lost', 'status'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['cursor=not-a-uuid', 'cursor'],
    ])('answers 400 naming the field to %s', async (query, field) => {
      expectInvalidField(await get(owner, `${MESSAGES}?${query}`), field);
    });
  });

  describe('sending (messaging.send-message through the CommandBus)', () => {
    it('sends a queued message through the sandbox: sent, with its history, delivery and messaging.message.sent.v1', async () => {
      const session = await signUp(gateway);
      const { id } = await create(session, { to: '+15550177', text: 'Sent through the sandbox' });

      await send(id);

      const message = (await get(session, `${MESSAGES}/${id}`)).body;
      expect(message).toMatchObject({ status: 'sent', attempts: 1, provider_message_id: expect.stringMatching(/^sandbox-/) });
      expect(message.history.map((change: { status: string }) => change.status)).toEqual(['queued', 'sending', 'sent']);
      const deliveries = (await get(session, DELIVERIES)).body;
      expect(deliveries).toEqual({
        items: [{ message_id: id, to: '+15550177', text: 'Sent through the sandbox', provider_message_id: message.provider_message_id, accepted_at: expect.stringMatching(ISO), calls: 1 }],
        next_cursor: null,
      });
      const events = await gateway.app.get(DataSource).query(`SELECT payload FROM platform.outbox WHERE aggregate_id = $1 AND type = 'messaging.message.sent.v1'`, [id]);
      expect(events).toEqual([{ payload: expect.objectContaining({ message_id: id, provider_message_id: message.provider_message_id, schema_version: 1 }) }]);
    });

    it('sends once when the command runs twice: one delivery, one call, still sent', async () => {
      const session = await signUp(gateway);
      const { id } = await create(session);

      await send(id);
      await send(id);

      expect((await get(session, `${MESSAGES}/${id}`)).body).toMatchObject({ status: 'sent', attempts: 1 });
      expect((await get(session, DELIVERIES)).body.items).toEqual([expect.objectContaining({ message_id: id, calls: 1 })]);
      const events = await gateway.app.get(DataSource).query(`SELECT id FROM platform.outbox WHERE aggregate_id = $1 AND type = 'messaging.message.sent.v1'`, [id]);
      expect(events).toHaveLength(1);
    });

    it('answers every Idempotency-Key replay made while the message is sent with one consistent state', async () => {
      const replies = [];
      for (let round = 0; round < 15; round += 1) {
        const headers = { 'idempotency-key': newKey() };
        const created = await post(owner, body(), headers);
        const [, ...replays] = await Promise.all([send(created.body.id), ...Array.from({ length: 12 }, () => post(owner, body(), headers))]);
        replies.push(...replays, await post(owner, body(), headers));
      }

      expect(replies.map(({ status }) => status)).toEqual(replies.map(() => 200));
      expect(replies.map(({ body }) => consistency(body))).toEqual(replies.map(() => ({ statusIsTheLastEntry: true, providerIdIffSent: true })));
      expect(replies.filter(({ body }) => body.status === 'sent').length).toBeGreaterThanOrEqual(15);
    }, 60_000);

    it("lists only the caller's sandbox deliveries", async () => {
      const { id } = await create(owner);
      await send(id);

      const stranger = await signUp(gateway);

      expect((await get(stranger, DELIVERIES)).body).toEqual({ items: [], next_cursor: null });
    });
  });

  it.each([
    ['POST', MESSAGE, body()],
    ['GET', MESSAGES, undefined],
    ['GET', `${MESSAGES}/00000000-0000-4000-8000-000000000000`, undefined],
    ['GET', DELIVERIES, undefined],
  ])('answers 401 to %s %s without credentials', async (method, url, payload) => {
    expectProblem(await gateway.request(method, url, { body: payload }), 401);
  });
});
