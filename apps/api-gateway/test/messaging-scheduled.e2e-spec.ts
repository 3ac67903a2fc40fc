import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { TransactionHost } from '@nestjs-cls/transactional';
import { SendMessagesCommand } from '@app/messaging/application/commands/send-messages/send-messages.command';
import { standaloneSendTransactions } from '@app/messaging/application/commands/send-messages/standalone-send-transactions';
import { Gateway, Session, bearer, expectInvalidField, expectProblem, signUp, startGateway } from './gateway';

const MESSAGE = '/v1/messaging/message';
const MESSAGES = '/v1/messaging/messages';
const DELIVERIES = '/v1/messaging/sandbox/deliveries';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Scheduled sends (`send_at`) and cancelling, through the API in-process; the relay's part is in test/e2e/scheduled. */
describe('Messaging: scheduled sends and cancel', () => {
  let gateway: Gateway;
  let owner: Session;
  let keys = 0;

  beforeAll(async () => {
    gateway = await startGateway();
    owner = await signUp(gateway);
  });

  afterAll(async () => {
    await gateway.close();
  });

  const body = (fields: Record<string, unknown> = {}) => ({ messenger: 'sandbox', to: '+15550100', text: 'See you tomorrow', ...fields });
  const inAnHour = () => new Date(Date.now() + HOUR).toISOString();
  const post = (session: Session, payload: unknown, headers: Record<string, string> = {}) =>
    gateway.request('POST', MESSAGE, { body: payload, headers: { ...bearer(session.access_token), ...headers } });
  const get = (session: Session, url: string) => gateway.request('GET', url, { headers: bearer(session.access_token) });
  const cancel = (session: Session, id: string) => gateway.request('POST', `${MESSAGES}/${id}/cancel`, { headers: bearer(session.access_token) });
  const create = async (session: Session, fields: Record<string, unknown> = {}) => {
    const reply = await post(session, body(fields));
    expect(reply.status).toBe(201);
    return reply.body as { id: string; status: string; send_at: string | null };
  };
  const send = (id: string) => gateway.app.get(CommandBus).execute(new SendMessagesCommand([{ messageId: id, correlationId: null }], standaloneSendTransactions(gateway.app.get(TransactionHost))));
  const sql = <T>(query: string, params: unknown[]) => gateway.app.get(DataSource).query<T[]>(query, params);

  describe('POST /v1/messaging/message with send_at', () => {
    it('answers 201 with the message scheduled, its send_at as a UTC instant, and its send command due then', async () => {
      const at = new Date(Date.now() + HOUR);
      const withOffset = new Date(at.getTime() + 2 * HOUR).toISOString().replace('Z', '+02:00');

      const reply = await post(owner, body({ send_at: withOffset }));

      expect(reply.status).toBe(201);
      expect(reply.body).toMatchObject({ status: 'scheduled', send_at: at.toISOString(), attempts: 0, history: [{ status: 'scheduled', detail: null }] });
      expect((await get(owner, `${MESSAGES}/${reply.body.id}`)).body).toEqual(reply.body);
      const [row] = await sql<{ type: string; available_at: Date }>(`SELECT type, available_at FROM platform.outbox WHERE aggregate_id = $1`, [reply.body.id]);
      expect(row).toEqual({ type: 'messaging.send-message', available_at: at });
    });

    it.each([
      ['in the past', () => new Date(Date.now() - 60_000).toISOString(), /send_at.*is not in the future/],
      ['36 days ahead', () => new Date(Date.now() + 36 * DAY).toISOString(), /send_at.*is more than 35 days ahead/],
    ])('answers 400 to a send_at %s, saying so', async (_case, sendAt, detail) => {
      const problem = expectProblem(await post(owner, body({ send_at: sendAt() })), 400);

      expect(problem.detail).toMatch(detail);
    });

    it.each([
      ['not a date', 'tomorrow morning'],
      ['a date without a time', '2030-01-01'],
      ['a time without an offset', '2030-01-01T09:00:00'],
      ['an impossible date', '2030-02-30T09:00:00Z'],
      ['a number', 1_900_000_000_000],
    ])('answers 400 naming send_at to %s', async (_case, sendAt) => {
      const reply = await post(owner, body({ send_at: sendAt }));

      expectInvalidField(reply, 'send_at');
      expect(reply.body.detail).toMatch(/send_at/);
    });

    it('replays an Idempotency-Key with the same send_at (any offset), and refuses it with another or none', async () => {
      const headers = { 'idempotency-key': `scheduled-${process.pid}-${(keys += 1)}` };
      const at = new Date(Date.now() + HOUR);
      const first = await post(owner, body({ send_at: at.toISOString() }), headers);

      const replay = await post(owner, body({ send_at: at.toISOString().replace('Z', '+00:00') }), headers);
      const moved = await post(owner, body({ send_at: new Date(at.getTime() + 60_000).toISOString() }), headers);
      const now = await post(owner, body(), headers);

      expect(first.status).toBe(201);
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual(first.body);
      expect(expectProblem(moved, 422).code).toBe('idempotency_key_reused');
      expect(expectProblem(now, 422).code).toBe('idempotency_key_reused');
    });
  });

  describe('POST /v1/messaging/messages/:id/cancel', () => {
    it('cancels a scheduled message: 200 with it cancelled and its history; its send does nothing, nothing is delivered', async () => {
      const session = await signUp(gateway);
      const { id } = await create(session, { send_at: inAnHour() });

      const reply = await cancel(session, id);

      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ id, status: 'cancelled', attempts: 0 });
      expect(reply.body.history.map((entry: { status: string }) => entry.status)).toEqual(['scheduled', 'cancelled']);
      expect((await get(session, `${MESSAGES}/${id}`)).body).toEqual(reply.body);
      const outbox = await sql<{ type: string; due: boolean }>(`SELECT type, available_at <= now() AS due FROM platform.outbox WHERE aggregate_id = $1 ORDER BY id`, [id]);
      expect(outbox).toEqual([
        { type: 'messaging.send-message', due: true },
        { type: 'messaging.message.cancelled.v1', due: true },
      ]);
      await send(id);
      expect((await get(session, `${MESSAGES}/${id}`)).body.status).toBe('cancelled');
      expect((await get(session, DELIVERIES)).body.items).toEqual([]);
    });

    it('cancels a queued message', async () => {
      const { id } = await create(owner);

      expect((await cancel(owner, id)).body.status).toBe('cancelled');
    });

    it('answers 409 once the message was sent, and to a second cancel', async () => {
      const { id } = await create(owner);
      await send(id);
      const scheduled = await create(owner, { send_at: inAnHour() });
      await cancel(owner, scheduled.id);

      expect(expectProblem(await cancel(owner, id), 409).detail).toMatch(/is sent: it was handed to its provider already/);
      expect(expectProblem(await cancel(owner, scheduled.id), 409).detail).toMatch(/already cancelled/);
      expect((await get(owner, `${MESSAGES}/${id}`)).body.status).toBe('sent');
    });

    it("answers 404 to another user's message, changing nothing, and to an unknown id", async () => {
      const { id } = await create(owner, { send_at: inAnHour() });

      expectProblem(await cancel(await signUp(gateway), id), 404);
      expectProblem(await cancel(owner, randomUUID()), 404);
      expect((await get(owner, `${MESSAGES}/${id}`)).body.status).toBe('scheduled');
    });

    it('answers 400 to an id that is not a uuid', async () => {
      expectProblem(await cancel(owner, 'not-a-uuid'), 400);
    });

    it('answers 401 without credentials', async () => {
      expectProblem(await gateway.request('POST', `${MESSAGES}/${randomUUID()}/cancel`), 401);
    });
  });

  describe('GET /v1/messaging/messages?status=', () => {
    it('lists the scheduled and the cancelled messages apart, with their send_at', async () => {
      const session = await signUp(gateway);
      const sendAt = inAnHour();
      const [scheduled, cancelled] = [await create(session, { send_at: sendAt }), await create(session, { send_at: sendAt })];
      await create(session);
      await cancel(session, cancelled.id);

      const onlyScheduled = (await get(session, `${MESSAGES}?status=scheduled`)).body.items;
      const onlyCancelled = (await get(session, `${MESSAGES}?status=cancelled`)).body.items;

      expect(onlyScheduled).toEqual([expect.objectContaining({ id: scheduled.id, status: 'scheduled', send_at: new Date(sendAt).toISOString() })]);
      expect(onlyCancelled).toEqual([expect.objectContaining({ id: cancelled.id, status: 'cancelled', send_at: new Date(sendAt).toISOString() })]);
    });
  });
});
