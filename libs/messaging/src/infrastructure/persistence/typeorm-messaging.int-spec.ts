import { Client } from 'pg';
import { OUTBOX_CHANNEL, PlatformSettings } from '@app/platform';
import { uuidV7 } from '@app/shared-kernel';
import { testConfig } from '../../../../../test/test-config';
import { MessageReadModel } from '../../application/ports/message.read-model';
import { MessageRepository } from '../../application/ports/message.repository';
import { messageView } from '../../application/queries/get-message/message.view';
import { Message } from '../../domain/message.aggregate';
import { aQueuedMessage } from '../../testing/in-memory-messaging';
import { messagingOnPostgres } from './messaging-on-postgres.fixture';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface OutboxRow {
  type: string;
  kind: string;
  payload: Record<string, unknown>;
  aggregate_type: string;
  aggregate_id: string;
  xmin: string;
}

describe('messaging persistence on PostgreSQL', () => {
  const db = messagingOnPostgres();
  const { sql, saved } = db;
  let messages: MessageRepository;
  let reads: MessageReadModel;
  let txHost: typeof db.txHost;
  beforeAll(() => ({ messages, reads, txHost } = db));

  const outboxOf = (id: string) =>
    sql<OutboxRow>('SELECT type, kind, payload, aggregate_type, aggregate_id, xmin::text FROM platform.outbox WHERE aggregate_id = $1 ORDER BY id', [id]);
  const xminOf = async (id: string) => (await sql<{ xmin: string }>('SELECT xmin::text FROM messaging.messages WHERE id = $1', [id]))[0]?.xmin;
  const load = (id: string) => txHost.withTransaction(() => messages.findForUpdate(id));

  describe('TypeOrmMessageRepository', () => {
    it('finds a saved message with its whole state and history', async () => {
      const fields = { ownerId: uuidV7(), idempotencyKey: 'k-1', requestHash: 'h-1', sessionId: uuidV7(), attachments: [uuidV7(), uuidV7()] };
      const message = await saved(aQueuedMessage(fields, new Date('2026-01-02T03:04:05.678Z')));

      const found = await load(message.id);

      expect(found).toBeInstanceOf(Message);
      expect(found?.snapshot()).toEqual(message.snapshot());
      await expect(load(uuidV7())).resolves.toBeNull();
    });

    it('writes new messages of a batch each with its own session and attachments, none, one or several', async () => {
      const batch = [aQueuedMessage({ ownerId: uuidV7() }), aQueuedMessage({ ownerId: uuidV7(), sessionId: uuidV7(), attachments: [uuidV7(), uuidV7(), uuidV7()] }), aQueuedMessage({ ownerId: uuidV7(), attachments: [uuidV7()] })];
      const written = batch.map((message) => message.snapshot());

      await txHost.withTransaction(() => messages.saveAll(batch.map((message) => ({ message }))));

      for (const snapshot of written) expect((await load(snapshot.id))?.snapshot()).toEqual(snapshot);
    });

    it('writes exactly one messaging.send-message command to the outbox, in the transaction of the message', async () => {
      const message = await saved();

      const rows = await outboxOf(message.id);

      expect(rows).toEqual([
        {
          type: 'messaging.send-message',
          kind: 'command',
          payload: { message_id: message.id, schema_version: 1 },
          aggregate_type: 'message',
          aggregate_id: message.id,
          xmin: await xminOf(message.id),
        },
      ]);
    });

    it('writes neither the message nor its command when the transaction rolls back', async () => {
      const message = aQueuedMessage({ ownerId: uuidV7() });

      const failing = txHost.withTransaction(async () => {
        await messages.save(message);
        throw new Error('rolled back');
      });

      await expect(failing).rejects.toThrow('rolled back');
      await expect(load(message.id)).resolves.toBeNull();
      await expect(outboxOf(message.id)).resolves.toEqual([]);
    });

    it('persists the way to sent: status, attempts, provider id, the new history entries and messaging.message.sent.v1', async () => {
      const message = await saved();
      message.markSending(new Date('2026-01-02T00:00:01Z'));
      message.markSent('sandbox-abc', new Date('2026-01-02T00:00:02Z'));

      await txHost.withTransaction(() => messages.save(message));

      const found = await load(message.id);
      expect(found?.snapshot()).toEqual(message.snapshot());
      expect(found?.snapshot().history.map((change) => change.status)).toEqual(['queued', 'sending', 'sent']);
      const rows = await outboxOf(message.id);
      expect(rows.map((row) => row.type)).toEqual(['messaging.send-message', 'messaging.message.sent.v1']);
      expect(rows[1]).toMatchObject({
        kind: 'event',
        payload: { message_id: message.id, owner_id: message.ownerId, provider_message_id: 'sandbox-abc', sent_at: '2026-01-02T00:00:02.000Z', schema_version: 1 },
        xmin: await xminOf(message.id),
      });
    });

    it('writes a message loaded in the same transaction with its new history entries only, once per batch', async () => {
      const [first, second] = [await saved(), await saved()];
      const sentAt = new Date('2026-01-02T00:00:02Z');

      await txHost.withTransaction(async () => {
        const loaded = await messages.findManyForUpdate([first.id, second.id]);
        for (const message of loaded) {
          message.markSending(sentAt);
          message.markSent(`sandbox-${message.id}`, sentAt);
        }
        await messages.saveAll([...loaded, loaded[0]].map((message) => ({ message })));
      });

      for (const message of [first, second]) {
        const found = (await load(message.id))?.snapshot();
        expect(found).toMatchObject({ status: 'sent', attempts: 1, providerMessageId: `sandbox-${message.id}` });
        expect(found?.history).toEqual([message.snapshot().history[0], { status: 'sending', at: sentAt, detail: 'attempt 1' }, { status: 'sent', at: sentAt }]);
        expect((await outboxOf(message.id)).map((row) => row.type)).toEqual(['messaging.send-message', 'messaging.message.sent.v1']);
      }
    });

    it('writes a message saved in a transaction that rolled back in full the next time, and refuses to update a vanished one', async () => {
      const message = aQueuedMessage({ ownerId: uuidV7() });
      const rolledBack = txHost.withTransaction(async () => {
        await messages.save(message);
        throw new Error('rolled back');
      });
      await expect(rolledBack).rejects.toThrow('rolled back');

      await saved(message);
      expect((await load(message.id))?.snapshot()).toEqual(message.snapshot());

      const vanishing = txHost.withTransaction(async () => {
        const found = (await messages.findForUpdate(message.id))!;
        await sql('DELETE FROM messaging.messages WHERE id = $1', [message.id]);
        found.markSending();
        await messages.save(found);
      });
      await expect(vanishing).rejects.toThrow('1 of 1 loaded messages are no longer in messaging.messages');
    });

    it('keeps the detail of a failure in the history', async () => {
      const message = await saved();
      message.markSending();
      message.markFailed('recipient unknown');

      await txHost.withTransaction(() => messages.save(message));

      expect((await load(message.id))?.snapshot().history.at(-1)).toMatchObject({ status: 'failed', detail: 'recipient unknown' });
    });

    it('adds a queued message, its first status and its send command in one statement, outside a transaction', async () => {
      const fields = { ownerId: uuidV7(), idempotencyKey: 'k-add', requestHash: 'h-add', sessionId: uuidV7(), attachments: [uuidV7()] };
      const message = aQueuedMessage(fields, new Date('2026-01-02T03:04:05.678Z'));
      const written = message.snapshot();

      await messages.add(message);

      expect((await load(message.id))?.snapshot()).toEqual(written);
      expect(await outboxOf(message.id)).toEqual([expect.objectContaining({ type: 'messaging.send-message', kind: 'command', payload: { message_id: message.id, schema_version: 1 } })]);
      const [{ xmin }] = await outboxOf(message.id);
      expect(await xminOf(message.id)).toBe(xmin);
      await expect(reads.message(message.ownerId, message.id)).resolves.toEqual(messageView(written));
    });

    it.each([
      ['added', (message: Message) => messages.add(message)],
      ['saved', (message: Message) => txHost.withTransaction(() => messages.save(message))],
    ])('writes a scheduled message %s with its send time, and its send command due then', async (_case, write) => {
      const now = new Date();
      const sendAt = new Date(now.getTime() + 3_600_000);
      const message = aQueuedMessage({ ownerId: uuidV7(), sendAt }, now);
      const written = message.snapshot();

      await write(message);

      expect((await load(message.id))?.snapshot()).toEqual(written);
      expect(written).toMatchObject({ status: 'scheduled', sendAt });
      const due = await sql<{ type: string; available_at: Date }>('SELECT type, available_at FROM platform.outbox WHERE aggregate_id = $1', [message.id]);
      expect(due).toEqual([{ type: 'messaging.send-message', available_at: sendAt }]);
      await expect(reads.message(message.ownerId, message.id)).resolves.toMatchObject({ status: 'scheduled', send_at: sendAt.toISOString() });
    });

    it('cancels a scheduled message: its send command made due now, messaging.message.cancelled.v1 written after it', async () => {
      const message = aQueuedMessage({ ownerId: uuidV7(), sendAt: new Date(Date.now() + 3_600_000) });
      await messages.add(message);

      await txHost.withTransaction(async () => {
        const loaded = (await messages.findForUpdate(message.id))!;
        loaded.cancel();
        await messages.save(loaded);
      });

      expect((await load(message.id))?.snapshot()).toMatchObject({ status: 'cancelled' });
      const rows = await sql<{ type: string; due: boolean; payload: Record<string, unknown> }>(
        'SELECT type, available_at <= now() AS due, payload FROM platform.outbox WHERE aggregate_id = $1 ORDER BY id',
        [message.id],
      );
      expect(rows).toEqual([
        expect.objectContaining({ type: 'messaging.send-message', due: true }),
        { type: 'messaging.message.cancelled.v1', due: true, payload: expect.objectContaining({ message_id: message.id, owner_id: message.ownerId, schema_version: 1 }) },
      ]);
    });

    it('leaves alone a send command already published when a message is cancelled', async () => {
      const message = await saved();
      await sql(`UPDATE platform.outbox SET published_at = now(), available_at = now() + interval '1 day' WHERE aggregate_id = $1`, [message.id]);

      await txHost.withTransaction(async () => {
        const loaded = (await messages.findForUpdate(message.id))!;
        loaded.cancel();
        await messages.save(loaded);
      });

      const [send] = await sql<{ due: boolean }>(`SELECT available_at <= now() AS due FROM platform.outbox WHERE aggregate_id = $1 AND type = 'messaging.send-message'`, [message.id]);
      expect(send.due).toBe(false);
    });

    it('adds all or nothing: a message refused by the database leaves no outbox row', async () => {
      const ownerId = uuidV7();
      await messages.add(aQueuedMessage({ ownerId, idempotencyKey: 'once' }));
      const second = aQueuedMessage({ ownerId, idempotencyKey: 'once' });

      await expect(messages.add(second)).rejects.toThrow(/messages_owner_idempotency_key_unique/);

      expect(await outboxOf(second.id)).toEqual([]);
    });

    it('wakes the relay: one NOTIFY on the outbox channel per message added', async () => {
      const listener = new Client({ connectionString: testConfig().get(PlatformSettings).databaseUrl });
      await listener.connect();
      try {
        const heard = new Promise<string>((resolve) => listener.once('notification', ({ channel }) => resolve(channel)));
        await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);

        await messages.add(aQueuedMessage({ ownerId: uuidV7() }));

        await expect(heard).resolves.toBe(OUTBOX_CHANNEL);
      } finally {
        await listener.end();
      }
    });

    it("adds within the caller's transaction when there is one", async () => {
      const message = aQueuedMessage({ ownerId: uuidV7() });

      await expect(
        txHost.withTransaction(async () => {
          await messages.add(message);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');

      await expect(load(message.id)).resolves.toBeNull();
      expect(await outboxOf(message.id)).toEqual([]);
    });

    it("finds the owner's message by its idempotency key, and nobody else's", async () => {
      const message = await saved(aQueuedMessage({ ownerId: uuidV7(), idempotencyKey: 'order-42', requestHash: 'h' }));
      const find = (ownerId: string, key: string) => txHost.withTransaction(() => messages.findByIdempotencyKey(ownerId, key));

      expect((await find(message.ownerId, 'order-42'))?.id).toBe(message.id);
      await expect(find(message.ownerId, 'order-43')).resolves.toBeNull();
      await expect(find(uuidV7(), 'order-42')).resolves.toBeNull();
    });

    it('refuses a second message of one owner with one idempotency key', async () => {
      const ownerId = uuidV7();
      await saved(aQueuedMessage({ ownerId, idempotencyKey: 'order-42' }));

      await expect(saved(aQueuedMessage({ ownerId, idempotencyKey: 'order-42' }))).rejects.toThrow(/messages_owner_idempotency_key_unique/);
      await expect(saved(aQueuedMessage({ ownerId: uuidV7(), idempotencyKey: 'order-42' }))).resolves.toBeInstanceOf(Message);
    });

    it('makes a second request with one idempotency key wait for the first to commit, then find its message', async () => {
      const ownerId = uuidV7();
      const events: string[] = [];
      let firstHoldsTheKey!: () => void;
      const held = new Promise<void>((resolve) => (firstHoldsTheKey = resolve));

      const first = txHost.withTransaction(async () => {
        expect(await messages.findByIdempotencyKey(ownerId, 'race')).toBeNull();
        firstHoldsTheKey();
        await sleep(300);
        const message = aQueuedMessage({ ownerId, idempotencyKey: 'race' });
        await messages.save(message);
        events.push('first commits');
        return message;
      });
      const second = held.then(() =>
        txHost.withTransaction(async () => {
          const found = await messages.findByIdempotencyKey(ownerId, 'race');
          events.push('second looked');
          return found;
        }),
      );
      const [created, seenBySecond] = await Promise.all([first, second]);

      expect(events).toEqual(['first commits', 'second looked']);
      expect(seenBySecond?.id).toBe(created.id);
    });
  });
});
