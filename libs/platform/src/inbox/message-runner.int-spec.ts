import { Test, TestingModule } from '@nestjs/testing';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DataSource } from 'typeorm';
import { DomainError, uuidV7 } from '@app/shared-kernel';
import { testConfig } from '../../../../test/test-config';
import { PlatformModule } from '../platform.module';
import { ConsumedBatch } from './consumed-batch';
import { Delivery, MessageRunner } from './message-runner';

class Refused extends DomainError {
  readonly kind = 'invalid';
}

const CONSUMER = `test.runner.${uuidV7()}`;

describe('MessageRunner.runBatch on PostgreSQL', () => {
  let module: TestingModule;
  let runner: MessageRunner;
  let data: DataSource;
  let txHost: TransactionHost<TransactionalAdapterTypeOrm>;
  const seen: string[][] = [];

  beforeAll(async () => {
    module = await Test.createTestingModule({ imports: [PlatformModule.forRoot(testConfig())] }).compile();
    await module.init();
    runner = module.get(MessageRunner);
    data = module.get(DataSource);
    txHost = module.get(TransactionHost);
    await data.query('CREATE TABLE IF NOT EXISTS public.runner_effects (message_id uuid PRIMARY KEY)');
  });

  afterAll(async () => {
    await data.query('DROP TABLE IF EXISTS public.runner_effects');
    await module.close();
  });

  beforeEach(() => {
    seen.length = 0;
  });

  const delivery = (messageId = uuidV7(), payload: object = {}): Delivery => ({ messageId, type: 'test.thing', consumer: CONSUMER, payload, correlationId: null, attempt: 1 });
  /** Writes an effect per message in the batch's transaction; fails or throws as each payload says. */
  const handler = async (batch: ConsumedBatch) => {
    seen.push(batch.items.map(({ messageId }) => messageId));
    if (batch.items.some(({ payload }) => (payload as { explode?: boolean }).explode)) throw new Error('the batch exploded');
    for (const item of batch.items) {
      const { fail } = item.payload as { fail?: 'final' | 'transient' };
      if (fail === 'final') batch.fail(item, new Refused(`${item.messageId} is refused`));
      else if (fail === 'transient') batch.fail(item, new Error('provider down'));
      else await txHost.tx.query('INSERT INTO public.runner_effects (message_id) VALUES ($1)', [item.messageId]);
    }
  };
  const effects = async (ids: string[]) =>
    (await data.query('SELECT message_id FROM public.runner_effects WHERE message_id = ANY($1::uuid[])', [ids])).map(({ message_id }: { message_id: string }) => message_id).sort();
  const inboxed = async (ids: string[]) =>
    (await data.query('SELECT message_id FROM platform.inbox WHERE consumer = $2 AND message_id = ANY($1::uuid[])', [ids, CONSUMER])).map(({ message_id }: { message_id: string }) => message_id).sort();

  it('handles a batch in one call, each message once, with an inbox row and its effect', async () => {
    const batch = [delivery(), delivery(), delivery()];
    const ids = batch.map(({ messageId }) => messageId);

    const outcomes = await runner.runBatch(batch, handler);

    expect(outcomes).toEqual(batch.map(() => ({ kind: 'done' })));
    expect(seen).toEqual([ids]);
    expect(await effects(ids)).toEqual([...ids].sort());
    expect(await inboxed(ids)).toEqual([...ids].sort());
  });

  it('skips messages already in the inbox and repeats within the batch, whatever the case of their id', async () => {
    const done = delivery();
    await runner.runBatch([done], handler);
    const fresh = delivery();
    seen.length = 0;

    const outcomes = await runner.runBatch([{ ...done, messageId: done.messageId.toUpperCase() }, fresh, fresh], handler);

    expect(outcomes).toEqual([{ kind: 'duplicate' }, { kind: 'done' }, { kind: 'duplicate' }]);
    expect(seen).toEqual([[fresh.messageId]]);
  });

  it('commits the others when the consumer fails some, and takes back the inbox rows of those', async () => {
    const ok = delivery();
    const refused = delivery(uuidV7(), { fail: 'final' });
    const down = delivery(uuidV7(), { fail: 'transient' });
    const ids = [ok, refused, down].map(({ messageId }) => messageId);

    const outcomes = await runner.runBatch([ok, refused, down], handler);

    expect(outcomes).toEqual([
      { kind: 'done' },
      { kind: 'final', error: `Refused: ${refused.messageId} is refused` },
      { kind: 'retryable', error: 'Error: provider down' },
    ]);
    expect(await effects(ids)).toEqual([ok.messageId]);
    expect(await inboxed(ids)).toEqual([ok.messageId]);
  });

  it('runs each message alone when the batch itself throws, so only the bad one fails', async () => {
    const good = [delivery(), delivery()];
    const bad = delivery(uuidV7(), { explode: true });
    const ids = [...good, bad].map(({ messageId }) => messageId);

    const outcomes = await runner.runBatch([good[0], bad, good[1]], handler);

    expect(outcomes).toEqual([{ kind: 'done' }, { kind: 'retryable', error: 'Error: the batch exploded' }, { kind: 'done' }]);
    expect(seen).toEqual([[good[0].messageId, bad.messageId, good[1].messageId], [good[0].messageId], [bad.messageId], [good[1].messageId]]);
    expect(await effects(ids)).toEqual(good.map(({ messageId }) => messageId).sort());
    expect(await inboxed(ids)).toEqual(good.map(({ messageId }) => messageId).sort());
  });

  it('applies a message once when two batches race for it', async () => {
    const shared = delivery();
    const results = await Promise.all([runner.runBatch([shared, delivery()], handler), runner.runBatch([delivery(), shared], handler)]);

    const kinds = [results[0][0].kind, results[1][1].kind].sort();
    expect(kinds).toEqual(['done', 'duplicate']);
    expect(await effects([shared.messageId])).toEqual([shared.messageId]);
  });
});
