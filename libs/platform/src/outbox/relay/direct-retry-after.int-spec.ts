import { INestMicroservice } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { TransactionHost } from '@nestjs-cls/transactional';
import { ClsService } from 'nestjs-cls';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { until } from '../../../../../test/process';
import { testConfig } from '../../../../../test/test-config';
import { PlatformSettings } from '../../config/platform.settings';
import { isolatedDatabase } from '../../../../../test/test-database';
import { RethrowRpcErrors } from '../../amqp/consumer-bindings';
import { DeadLetters } from '../../inbox/dead-letters';
import { MessageRunner } from '../../inbox/message-runner';
import { PlatformModule } from '../../platform.module';
import { rateLimitedConsumer } from '../../testing/rate-limited.consumer';
import { asyncCommand } from '../outbox-message';
import { OutboxWriter } from '../outbox.writer';
import { DirectDispatch } from './direct-dispatch';
import { DirectTransport } from './direct.transport';
import { createRelay } from './relay-runner';

const RUN = randomBytes(4).toString('hex');
const COMMAND = `test${RUN}.send-later`;
const QUEUE = `dispatcher.test${RUN}.send-later`;

const { consumer: SendLaterConsumer, attempts } = rateLimitedConsumer(COMMAND, QUEUE);

describe("a provider's wait in direct mode", () => {
  let module: TestingModule;
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;
  let transport: DirectTransport;
  let consumer: INestMicroservice;
  let relay: ReturnType<typeof createRelay>;

  beforeAll(async () => {
    database = await isolatedDatabase();
    const config = testConfig({ DATABASE_URL: database.url, RETRY_SCHEDULE: '100ms,5s', OUTBOX_POLL_INTERVAL: '50ms' });
    module = await Test.createTestingModule({ imports: [PlatformModule.forRoot(config)], controllers: [SendLaterConsumer] }).compile();
    await module.init();
    transport = new DirectTransport();
    consumer = module.createNestMicroservice({ strategy: transport });
    consumer.useGlobalFilters(new RethrowRpcErrors());
    await consumer.listen();
    const platform = config.get(PlatformSettings);
    relay = createRelay(platform, new DirectDispatch(transport, module.get(MessageRunner), module.get(DeadLetters), platform.retryScheduleMs));
  }, 30_000);

  afterAll(async () => {
    await relay.close();
    transport.close();
    await module.close();
    await database.drop();
  });

  const write = async (payload: object) => {
    const message = asyncCommand(COMMAND, payload, { type: 'thing', id: `agg-${Math.random()}` });
    await module.get(ClsService).run(() => module.get(TransactionHost).withTransaction(() => module.get(OutboxWriter).append([message])));
    return message.id;
  };
  const waitOf = async (id: string): Promise<number> => {
    const [row] = await module.get(DataSource).query(`SELECT extract(epoch FROM available_at - now()) * 1000 AS ms FROM platform.outbox WHERE id = $1`, [id]);
    return Number(row.ms);
  };

  it("makes the row due again after the wait the failure asked for, instead of the schedule's first step, and not before", async () => {
    const id = await write({ id: 'wait-3s', waitMs: 3_000 });

    await relay.relay.drainAll();

    expect(attempts.get('wait-3s')).toHaveLength(1);
    expect(await waitOf(id)).toBeGreaterThan(2_500);
    await relay.relay.drainAll();
    expect(attempts.get('wait-3s')).toHaveLength(1);
    await until(async () => {
      await relay.relay.drainAll();
      return attempts.get('wait-3s')?.length === 2;
    }, 'the second attempt', 10_000, undefined, 100);
    const [first, second] = attempts.get('wait-3s')!;
    expect(second - first).toBeGreaterThanOrEqual(3_000);
  }, 15_000);

  it('waits no longer than the longest scheduled delay', async () => {
    const id = await write({ id: 'wait-hour', waitMs: 3_600_000 });

    await relay.relay.drainAll();

    const wait = await waitOf(id);
    expect(wait).toBeGreaterThan(4_000);
    expect(wait).toBeLessThanOrEqual(5_000);
  });
});
