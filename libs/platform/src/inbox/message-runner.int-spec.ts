import { Test, TestingModule } from '@nestjs/testing';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DataSource } from 'typeorm';
import { DomainError, uuidV7 } from '@app/shared-kernel';
import { testConfig } from '../../../../test/test-config';
import { PlatformModule } from '../platform.module';
import { ConsumedBatch } from './consumed-batch';
import { Delivery, MessageRunner } from './message-runner';
import { PhasedBatch } from './phased-batch';

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

  describe('runPhasedBatch', () => {
    const open = async () => Number((await data.query(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`))[0].count);
    /** Claims with an effect per message, waits, then settles, failing what each payload says. */
    const phasedHandler = (between: () => Promise<void> = async () => undefined) => async (batch: PhasedBatch) => {
      const fresh = await batch.transactions.claim(async (items) => {
        for (const item of items) await txHost.tx.query('INSERT INTO public.runner_effects (message_id) VALUES ($1)', [item.messageId]);
      });
      await between();
      await batch.transactions.settle(async () => {
        for (const item of fresh) {
          const { fail } = item.payload as { fail?: 'final' | 'transient' };
          if (fail === 'final') batch.fail(item, new Refused(`${item.messageId} is refused`));
          else if (fail === 'transient') batch.fail(item, new Error('provider down'));
        }
      });
    };

    it('holds no transaction between its claim and its settle, and commits the claim before the slow part', async () => {
      const batch = [delivery(), delivery()];
      const ids = batch.map(({ messageId }) => messageId);
      let during: { effects: string[]; inboxed: string[]; openTransactions: number } | null = null;

      const outcomes = await runner.runPhasedBatch(batch, phasedHandler(async () => {
        during = { effects: await effects(ids), inboxed: await inboxed(ids), openTransactions: await open() };
      }), () => 1_000);

      expect(outcomes).toEqual([{ kind: 'done' }, { kind: 'done' }]);
      expect(during).toEqual({ effects: [...ids].sort(), inboxed: [...ids].sort(), openTransactions: 0 });
    });

    it('takes back the inbox rows of the messages failed at settle, skips the ones already done, and answers each', async () => {
      const done = delivery();
      await runner.runPhasedBatch([done], phasedHandler(), () => 1_000);
      const refused = delivery(uuidV7(), { fail: 'final' });
      const down = delivery(uuidV7(), { fail: 'transient' });
      const ok = delivery();

      const outcomes = await runner.runPhasedBatch([done, refused, down, ok, ok], phasedHandler(), () => 1_000);

      expect(outcomes).toEqual([
        { kind: 'duplicate' },
        { kind: 'final', error: `Refused: ${refused.messageId} is refused` },
        { kind: 'retryable', error: 'Error: provider down' },
        { kind: 'done' },
        { kind: 'duplicate' },
      ]);
      expect(await inboxed([done, refused, down, ok].map(({ messageId }) => messageId))).toEqual([done.messageId, ok.messageId].sort());
    });

    it('keeps claimed the messages of a consumer that throws after its claim (their recovery is its own), and retries all when it throws before', async () => {
      const claimed = delivery();
      const outcomes = await runner.runPhasedBatch([claimed], phasedHandler(async () => {
        throw new Error('died mid-call');
      }), () => 1_000);
      const early = delivery();
      const before = await runner.runPhasedBatch([early], async () => {
        throw new Error('died before');
      }, () => 1_000);

      expect(outcomes).toEqual([{ kind: 'done' }]);
      expect(await inboxed([claimed.messageId])).toEqual([claimed.messageId]);
      expect(before).toEqual([{ kind: 'retryable', error: 'Error: died before' }]);
      expect(await inboxed([early.messageId])).toEqual([]);
    });

    it("gives the consumer the transport's retry delay for an attempt", async () => {
      let delay: number | undefined;
      await runner.runPhasedBatch([{ ...delivery(), attempt: 3 }], async (batch) => {
        delay = batch.retryDelayMs(batch.items[0], new Error('x'));
      }, (attempt) => attempt * 100);

      expect(delay).toBe(300);
    });
  });
});
