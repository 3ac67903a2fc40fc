import { uuidV7 } from '@app/shared-kernel';
import { Message } from '../../domain/message.aggregate';
import { aQueuedMessage } from '../../testing/in-memory-messaging';
import { messagingOnPostgres } from './messaging-on-postgres.fixture';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('TypeOrmMessageRepository under concurrent writers', () => {
  const db = messagingOnPostgres();
  const statuses = (message: Message | null | undefined) => message?.snapshot().history.map(({ status }) => status);

  /** Runs `change` on the message in a transaction that holds its lock for a while, and `read` once the lock is taken. */
  async function whileLocked<T>(id: string, change: (message: Message) => void, read: () => Promise<T>): Promise<T> {
    let lockTaken!: () => void;
    const taken = new Promise<void>((resolve) => (lockTaken = resolve));
    const writer = db.txHost.withTransaction(async () => {
      const message = (await db.messages.findForUpdate(id))!;
      lockTaken();
      await sleep(300);
      change(message);
      await db.messages.save(message);
    });
    const [, seen] = await Promise.all([writer, taken.then(read)]);
    return seen;
  }

  const send = (message: Message) => {
    message.markSending(new Date('2026-01-02T00:00:01Z'));
    message.markSent('sandbox-1', new Date('2026-01-02T00:00:02Z'));
  };

  it('loads a message another transaction changed during the lock wait as that transaction committed it, history included', async () => {
    const message = await db.saved();

    const seen = await whileLocked(message.id, send, () => db.txHost.withTransaction(() => db.messages.findForUpdate(message.id)));

    expect(seen?.snapshot()).toMatchObject({ status: 'sent', providerMessageId: 'sandbox-1', attempts: 1 });
    expect(statuses(seen)).toEqual(['queued', 'sending', 'sent']);
  });

  it('reads again only what moved: a batch keeps its other messages, in id order', async () => {
    const [moving, still] = [await db.saved(), await db.saved()];

    const seen = await whileLocked(moving.id, send, () => db.txHost.withTransaction(() => db.messages.findManyForUpdate([still.id, moving.id])));

    expect(seen.map((message) => message.id)).toEqual([moving.id, still.id].sort());
    expect(seen.map(statuses)).toEqual([moving.id, still.id].sort().map((id) => (id === moving.id ? ['queued', 'sending', 'sent'] : ['queued'])));
  });

  it('saves a change to a message loaded after a lock wait without losing the entries the other transaction wrote', async () => {
    const message = await db.saved();

    await whileLocked(message.id, send, () =>
      db.txHost.withTransaction(async () => {
        const loaded = (await db.messages.findForUpdate(message.id))!;
        loaded.markDelivered(new Date('2026-01-02T00:00:03Z'));
        await db.messages.save(loaded);
      }),
    );

    const stored = await db.txHost.withTransaction(() => db.messages.findForUpdate(message.id));
    expect(statuses(stored)).toEqual(['queued', 'sending', 'sent', 'delivered']);
  });

  it('answers an idempotency-key lookup that waited for a sender with the state the sender committed', async () => {
    const message = await db.saved(aQueuedMessage({ ownerId: uuidV7(), idempotencyKey: 'replay', requestHash: 'h' }));

    const seen = await whileLocked(message.id, send, () =>
      db.txHost.withTransaction(() => db.messages.findByIdempotencyKey(message.ownerId, 'replay')),
    );

    expect(seen?.snapshot()).toMatchObject({ status: 'sent', providerMessageId: 'sandbox-1' });
    expect(statuses(seen)).toEqual(['queued', 'sending', 'sent']);
  });
});
