import { uuidV7 } from '@app/shared-kernel';
import { MessageReadModel } from '../../application/ports/message.read-model';
import { MessageRepository } from '../../application/ports/message.repository';
import { messageView } from '../../application/queries/get-message/message.view';
import { Message, MessageStatus } from '../../domain/message.aggregate';
import { aQueuedMessage } from '../../testing/in-memory-messaging';
import { messagingOnPostgres } from './messaging-on-postgres.fixture';

const HOUR = 3_600_000;

describe('messaging persistence on PostgreSQL', () => {
  const db = messagingOnPostgres();
  const { saved } = db;
  let messages: MessageRepository;
  let reads: MessageReadModel;
  let txHost: typeof db.txHost;
  beforeAll(() => ({ messages, reads, txHost } = db));

  describe('SqlMessageReadModel', () => {
    it('shows a message with ISO times and its history, to its owner only', async () => {
      const [sessionId, fileId] = [uuidV7(), uuidV7()];
      const message = await saved(aQueuedMessage({ ownerId: uuidV7(), to: 'ada@example.com', text: 'hi', sessionId, attachments: [fileId] }, new Date('2026-02-03T04:05:06.789Z')));
      message.markSending(new Date('2026-02-03T04:05:07Z'));
      message.markFailed('refused', new Date('2026-02-03T04:05:08Z'));
      await txHost.withTransaction(() => messages.save(message));

      const view = await reads.message(message.ownerId, message.id);

      expect(view).toEqual(messageView(message.snapshot()));
      expect(view).toEqual({
        id: message.id,
        messenger: 'sandbox',
        to: 'ada@example.com',
        text: 'hi',
        status: 'failed',
        attempts: 1,
        last_error: 'refused',
        next_attempt_at: null,
        provider_message_id: null,
        idempotency_key: null,
        created_at: '2026-02-03T04:05:06.789Z',
        session_id: sessionId,
        attachments: [fileId],
        send_at: null,
        request_id: null,
        history: [
          { status: 'queued', at: '2026-02-03T04:05:06.789Z', detail: null },
          { status: 'sending', at: '2026-02-03T04:05:07.000Z', detail: 'attempt 1' },
          { status: 'failed', at: '2026-02-03T04:05:08.000Z', detail: 'refused' },
        ],
      });
      await expect(reads.message(uuidV7(), message.id)).resolves.toBeNull();
      await expect(reads.message(message.ownerId, uuidV7())).resolves.toBeNull();
    });

    describe('messages', () => {
      const t0 = Date.now() - HOUR;
      const ownerWithMessages = async (count: number) => {
        const ownerId = uuidV7();
        const created: Message[] = [];
        for (let i = 0; i < count; i += 1) created.push(await saved(aQueuedMessage({ ownerId, text: `m${i}` }, new Date(t0 + i * 1_000))));
        return { ownerId, created, newestFirst: created.map((message) => message.id).reverse() };
      };
      const list = (ownerId: string, status: MessageStatus | null, after: string | null, limit: number) =>
        reads.messages(ownerId, { status, after, limit });

      it("lists only the owner's messages, newest first, without their history", async () => {
        const { ownerId, newestFirst } = await ownerWithMessages(3);
        await saved();

        const page = await list(ownerId, null, null, 10);

        expect(page.items.map((item) => item.id)).toEqual(newestFirst);
        expect(page.items[0]).toMatchObject({ text: 'm2', status: 'queued', created_at: new Date(t0 + 2_000).toISOString(), session_id: null, attachments: [] });
        expect(page.items[0]).not.toHaveProperty('history');
        expect(page.next_cursor).toBeNull();
      });

      it('pages without overlap, with a cursor only while more remain', async () => {
        const { ownerId, newestFirst } = await ownerWithMessages(5);

        const first = await list(ownerId, null, null, 2);
        const second = await list(ownerId, null, first.next_cursor, 2);
        const third = await list(ownerId, null, second.next_cursor, 2);

        expect([first, second, third].map((page) => page.items.map((item) => item.id))).toEqual([
          newestFirst.slice(0, 2),
          newestFirst.slice(2, 4),
          newestFirst.slice(4),
        ]);
        expect([first.next_cursor, second.next_cursor, third.next_cursor]).toEqual([newestFirst[1], newestFirst[3], null]);
        expect((await list(ownerId, null, null, 5)).next_cursor).toBeNull();
      });

      it('filters by status', async () => {
        const { ownerId, created } = await ownerWithMessages(3);
        created[1].markSending();
        created[1].markSent('p-1');
        await txHost.withTransaction(() => messages.save(created[1]));

        expect((await list(ownerId, 'sent', null, 10)).items.map((item) => item.id)).toEqual([created[1].id]);
        expect((await list(ownerId, 'queued', null, 10)).items.map((item) => item.id)).toEqual([created[2].id, created[0].id]);
      });

      it('filters scheduled and cancelled messages, and shows their send time', async () => {
        const ownerId = uuidV7();
        const sendAt = new Date(Date.now() + 3_600_000);
        const [later, dropped] = [await saved(aQueuedMessage({ ownerId, sendAt })), await saved(aQueuedMessage({ ownerId, sendAt }))];
        await saved(aQueuedMessage({ ownerId }));
        dropped.cancel();
        await txHost.withTransaction(() => messages.save(dropped));

        expect((await list(ownerId, 'scheduled', null, 10)).items).toEqual([expect.objectContaining({ id: later.id, status: 'scheduled', send_at: sendAt.toISOString() })]);
        expect((await list(ownerId, 'cancelled', null, 10)).items).toEqual([expect.objectContaining({ id: dropped.id, status: 'cancelled', send_at: sendAt.toISOString() })]);
      });
    });
  });
});
