import { CommandBus } from '@nestjs/cqrs';
import { Test, TestingModule } from '@nestjs/testing';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DataSource } from 'typeorm';
import { PlatformModule } from '@app/platform';
import { uuidV7 } from '@app/shared-kernel';
import { testConfig } from '../../../../../test/test-config';
import { SendMessagesCommand } from '../../application/commands/send-messages/send-messages.command';
import { standaloneSendTransactions } from '../../application/commands/send-messages/standalone-send-transactions';
import { MessageReadModel } from '../../application/ports/message.read-model';
import { MessageRepository } from '../../application/ports/message.repository';
import { OutgoingMessage } from '../../application/ports/messenger';
import { MessagingModule } from '../../messaging.module';
import { aQueuedMessage } from '../../testing/in-memory-messaging';
import { MessageRefused } from '../../domain/messenger.errors';
import { SANDBOX_REFUSE, SANDBOX_UNAVAILABLE, SandboxMessenger, SandboxOutage } from './sandbox.messenger';

const PROVIDER_ID = /^sandbox-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface CallRow {
  message_id: string;
  owner_id: string;
  to: string;
  text: string;
  duplicate: boolean;
}

describe('SandboxMessenger on PostgreSQL', () => {
  let moduleRef: TestingModule;
  let sandbox: SandboxMessenger;
  let reads: MessageReadModel;
  let txHost: TransactionHost<TransactionalAdapterTypeOrm>;
  let dataSource: DataSource;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({ imports: [PlatformModule.forRoot(testConfig()), MessagingModule] }).compile();
    sandbox = moduleRef.get(SandboxMessenger);
    reads = moduleRef.get(MessageReadModel);
    txHost = moduleRef.get(TransactionHost);
    dataSource = moduleRef.get(DataSource);
  }, 30_000);

  afterAll(async () => {
    await moduleRef?.close();
  });

  const outgoing = (fields: Partial<OutgoingMessage> = {}): OutgoingMessage => ({ messageId: uuidV7(), ownerId: uuidV7(), to: '+15550100', text: 'hello', session: null, ...fields });
  const callsOf = (messageId: string): Promise<CallRow[]> =>
    dataSource.query('SELECT message_id, owner_id, "to", text, duplicate FROM messaging.sandbox_calls WHERE message_id = $1 ORDER BY called_at, id', [messageId]);
  const deliveriesOf = (messageId: string): Promise<{ provider_message_id: string }[]> =>
    dataSource.query('SELECT provider_message_id FROM messaging.sandbox_deliveries WHERE message_id = $1', [messageId]);

  it('accepts a message with a sandbox- provider id, recording the call and the delivery', async () => {
    const message = outgoing();

    const { providerMessageId } = await sandbox.send(message);

    expect(providerMessageId).toMatch(PROVIDER_ID);
    expect(await callsOf(message.messageId)).toEqual([{ message_id: message.messageId, owner_id: message.ownerId, to: '+15550100', text: 'hello', duplicate: false }]);
    expect(await deliveriesOf(message.messageId)).toEqual([{ provider_message_id: providerMessageId }]);
  });

  it('answers a second call for one message id with the first provider id, and records it as a duplicate', async () => {
    const message = outgoing();

    const first = await sandbox.send(message);
    const second = await sandbox.send(message);

    expect(second).toEqual(first);
    expect((await callsOf(message.messageId)).map((call) => call.duplicate)).toEqual([false, true]);
    expect(await deliveriesOf(message.messageId)).toHaveLength(1);
  });

  it('keeps one delivery when called concurrently for one message id, every call recorded', async () => {
    const message = outgoing();

    const receipts = await Promise.all([sandbox.send(message), sandbox.send(message), sandbox.send(message)]);

    expect(new Set(receipts.map((receipt) => receipt.providerMessageId)).size).toBe(1);
    const calls = await callsOf(message.messageId);
    expect(calls.filter((call) => call.duplicate)).toHaveLength(2);
    expect(await deliveriesOf(message.messageId)).toHaveLength(1);
  });

  it('settles each message of a batch on its own: new, already delivered, twice in the batch, unavailable, refused', async () => {
    const earlier = outgoing();
    const first = await sandbox.send(earlier);
    const fresh = outgoing();
    const twice = outgoing();
    const down = outgoing({ to: SANDBOX_UNAVAILABLE });
    const refused = outgoing({ to: SANDBOX_REFUSE });

    const outcomes = await sandbox.sendMany([fresh, earlier, twice, down, twice, refused]);

    expect(outcomes[0]).toEqual({ providerMessageId: expect.stringMatching(PROVIDER_ID) });
    expect(outcomes[1]).toEqual(first);
    expect(outcomes[2]).toEqual(outcomes[4]);
    expect(outcomes[3]).toBeInstanceOf(SandboxOutage);
    expect(outcomes[5]).toBeInstanceOf(MessageRefused);
    expect((await callsOf(earlier.messageId)).map((call) => call.duplicate)).toEqual([false, true]);
    expect((await callsOf(twice.messageId)).map((call) => call.duplicate).sort()).toEqual([false, true]);
    expect(await deliveriesOf(twice.messageId)).toHaveLength(1);
    for (const message of [down, refused]) {
      expect(await callsOf(message.messageId)).toHaveLength(1);
      expect(await deliveriesOf(message.messageId)).toEqual([]);
    }
  });

  it("is outside the caller's transaction: a call made in a transaction that rolls back stays recorded", async () => {
    const message = outgoing();

    const failing = txHost.withTransaction(async () => {
      await sandbox.send(message);
      throw new Error('rolled back');
    });

    await expect(failing).rejects.toThrow('rolled back');
    expect(await callsOf(message.messageId)).toHaveLength(1);
    expect(await deliveriesOf(message.messageId)).toHaveLength(1);
  });

  it("does not wait on the app's pool: more concurrent sends than pooled connections all complete", async () => {
    const small = await Test.createTestingModule({ imports: [PlatformModule.forRoot(testConfig({ DATABASE_POOL_SIZE: '2' })), MessagingModule] }).compile();
    try {
      await small.init();
      const repository = small.get(MessageRepository);
      const transactions = small.get(TransactionHost);
      const queued = Array.from({ length: 6 }, () => aQueuedMessage({ ownerId: uuidV7() }));
      for (const message of queued) await transactions.withTransaction(() => repository.save(message));

      const results = await Promise.all(queued.map((message) => small.get(CommandBus).execute(new SendMessagesCommand([{ messageId: message.id, correlationId: null }], standaloneSendTransactions(small.get(TransactionHost))))));

      expect(results.map((failures) => failures.size)).toEqual(queued.map(() => 0));
      const statuses = await small.get(DataSource).query(`SELECT status FROM messaging.messages WHERE id = ANY($1::uuid[])`, [queued.map(({ id }) => id)]);
      expect(statuses.map(({ status }: { status: string }) => status)).toEqual(queued.map(() => 'sent'));
    } finally {
      await small.close();
    }
  }, 15_000);

  describe('SqlMessageReadModel.sandboxDeliveries', () => {
    it("lists the owner's deliveries newest first with how many calls each got, and pages through them", async () => {
      const ownerId = uuidV7();
      const older = outgoing({ ownerId, messageId: uuidV7(Date.now() - 1_000), text: 'older' });
      const newer = outgoing({ ownerId, text: 'newer' });
      const first = await sandbox.send(older);
      await sandbox.send(older);
      await sandbox.send(newer);
      await sandbox.send(outgoing());

      const page = await reads.sandboxDeliveries(ownerId, null, 1);
      const next = await reads.sandboxDeliveries(ownerId, page.next_cursor, 1);

      expect(page).toEqual({
        items: [{ message_id: newer.messageId, to: '+15550100', text: 'newer', provider_message_id: expect.stringMatching(PROVIDER_ID), accepted_at: expect.any(String), calls: 1 }],
        next_cursor: newer.messageId,
      });
      expect(next.items).toEqual([expect.objectContaining({ message_id: older.messageId, provider_message_id: first.providerMessageId, calls: 2 })]);
      expect(next.next_cursor).toBeNull();
      expect(Date.parse(next.items[0].accepted_at)).not.toBeNaN();
    });
  });
});
