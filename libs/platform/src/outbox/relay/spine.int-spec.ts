import { PlatformSettings } from '../../config/platform.settings';
import { Controller, INestMicroservice } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Test, TestingModule } from '@nestjs/testing';
import { TransactionHost } from '@nestjs-cls/transactional';
import amqplib from 'amqplib';
import { ClsService } from 'nestjs-cls';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/shared-kernel';
import { until } from '../../../../../test/process';
import { testConfig } from '../../../../../test/test-config';
import { isolatedDatabase } from '../../../../../test/test-database';
import { AmqpTransport } from '../../amqp/amqp.transport';
import { confirmChannel, connectAmqp } from '../../amqp/amqp-connection';
import { RethrowRpcErrors } from '../../amqp/consumer-bindings';
import { DEFAULT_QUEUE_TYPE } from '../../amqp/topology';
import { DeadLetters } from '../../inbox/dead-letters';
import { MessageRunner } from '../../inbox/message-runner';
import { PlatformModule } from '../../platform.module';
import { DeadLetterAdmin } from '../../dead-letters/dead-letter-admin';
import { DeadLetterAlreadyReplayed } from '../../dead-letters/dead-letter.errors';
import { DeadLettersModule } from '../../dead-letters/dead-letters.module';
import { asyncCommand } from '../outbox-message';
import { OutboxWriter } from '../outbox.writer';
import { BrokerDispatch } from './broker-dispatch';
import { DirectDispatch } from './direct-dispatch';
import { DirectTransport } from './direct.transport';
import { createRelay } from './relay-runner';

const AMQP_URL = process.env.TEST_AMQP_URL!;
const RUN = randomBytes(4).toString('hex');
const COMMAND = `test${RUN}.do-thing`;
const QUEUE = `dispatcher.test${RUN}.do-thing`;

class Refused extends DomainError {
  readonly kind = 'invalid';
}

const handled: { id: string; attempt?: number }[] = [];
const healed = new Set<string>();

@Controller()
class DoThingConsumer {
  @EventPattern(COMMAND, { queue: QUEUE })
  handle(@Payload() payload: { id?: string; fail?: 'always' | 'final' }) {
    if (payload.fail === 'final' && !healed.has(String(payload.id))) throw new Refused(`thing ${payload.id} is refused`);
    if (payload.fail === 'always') throw new Error(`thing ${payload.id} failed`);
    handled.push({ id: String(payload.id) });
  }
}

describe('the spine: outbox → relay → consumer, exactly once in effect', () => {
  let module: TestingModule;
  let data: DataSource;

  const write = async (payloads: object[], aggregateId = () => RUN) => {
    const cls = module.get(ClsService);
    const txHost = module.get(TransactionHost);
    const messages = payloads.map((payload) => asyncCommand(COMMAND, payload, { type: 'thing', id: aggregateId() }));
    await cls.run(() => txHost.withTransaction(() => module.get(OutboxWriter).append(messages)));
    return messages.map((message) => message.id);
  };
  const outboxRows = (ids: string[]) =>
    data.query(`SELECT id, published_at, dead_at, attempts, last_error FROM platform.outbox WHERE id = ANY($1::uuid[])`, [ids]);

  let config: PlatformSettings;
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;

  beforeAll(async () => {
    database = await isolatedDatabase();
    const settings = testConfig({ DATABASE_URL: database.url, AMQP_URL, RETRY_SCHEDULE: '50ms,100ms', OUTBOX_POLL_INTERVAL: '50ms' });
    config = settings.get(PlatformSettings);
    module = await Test.createTestingModule({ imports: [PlatformModule.forRoot(settings), DeadLettersModule], controllers: [DoThingConsumer] }).compile();
    await module.init();
    data = module.get(DataSource);
  });

  afterAll(async () => {
    await module.close();
    await database.drop();
  });

  beforeEach(() => {
    handled.length = 0;
  });

  describe('in broker mode', () => {
    let consumer: INestMicroservice;
    let transport: AmqpTransport;
    let relay: ReturnType<typeof createRelay>;
    let connection: ReturnType<typeof connectAmqp>;
    let inspect: amqplib.ChannelModel;

    beforeAll(async () => {
      transport = new AmqpTransport({
        url: AMQP_URL,
        prefetch: 50,
        retryScheduleMs: config.retryScheduleMs,
        queueType: DEFAULT_QUEUE_TYPE,
        runner: module.get(MessageRunner),
        deadLetters: module.get(DeadLetters),
      });
      consumer = module.createNestMicroservice({ strategy: transport });
      consumer.useGlobalFilters(new RethrowRpcErrors());
      await consumer.listen();
      connection = connectAmqp(AMQP_URL, 'missive-relay-test');
      relay = createRelay(config, new BrokerDispatch(confirmChannel(connection, transport.topology())));
      relay.relay.start();
      inspect = await amqplib.connect(AMQP_URL);
    });

    afterAll(async () => {
      await relay.close();
      await connection.close();
      await transport.close();
      const channel = await inspect.createChannel();
      await channel.deleteQueue(QUEUE);
      await channel.deleteQueue(`${QUEUE}.dlq`);
      await inspect.close();
    });

    it('delivers every message once and marks every row published', async () => {
      const ids = await write(Array.from({ length: 500 }, (_, i) => ({ id: `m${i}` })), () => `agg-${Math.random()}`);
      await until(() => handled.length >= 500, '500 handled');
      await until(async () => (await outboxRows(ids)).every((row: { published_at: Date | null }) => row.published_at), 'rows published');
      expect(new Set(handled.map((h) => h.id)).size).toBe(500);
      expect(handled).toHaveLength(500);
    });

    it('applies a message published twice only once (inbox)', async () => {
      const [id] = await write([{ id: 'twice' }]);
      await until(() => handled.length === 1, 'first delivery');
      const channel = await inspect.createConfirmChannel();
      channel.publish('missive.commands', COMMAND, Buffer.from(JSON.stringify({ id: 'twice' })), { messageId: id, persistent: true });
      await channel.waitForConfirms();
      await until(async () => (await data.query(`SELECT 1 FROM platform.inbox WHERE message_id = $1`, [id])).length === 1, 'inbox row');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(handled.filter((h) => h.id === 'twice')).toHaveLength(1);
    });

    it('retries a failing handler with backoff, then dead-letters it with its last error, without blocking others', async () => {
      const [poison] = await write([{ id: 'poison', fail: 'always' }, { id: 'healthy' }], () => `agg-${Math.random()}`);
      await until(() => handled.some((h) => h.id === 'healthy'), 'the healthy message');
      const channel = await inspect.createChannel();
      let dead: amqplib.GetMessage | false = false;
      await until(async () => !!(dead = await channel.get(`${QUEUE}.dlq`, { noAck: true })), 'a dead letter');
      const letter = dead as unknown as amqplib.GetMessage;
      expect(letter.properties.messageId).toBe(poison);
      expect(letter.properties.headers?.['x-last-error']).toBe('Error: thing poison failed');
      expect(letter.properties.headers?.['x-attempt']).toBe(3);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const records = await data.query(`SELECT queue, error, attempts FROM platform.dead_letters WHERE message_id = $1`, [poison]);
      expect(records).toEqual([{ queue: QUEUE, error: 'Error: thing poison failed', attempts: 3 }]);
    });

    it('dead-letters a domain error at once', async () => {
      const [refused] = await write([{ id: 'refused', fail: 'final' }]);
      await until(async () => (await data.query(`SELECT 1 FROM platform.dead_letters WHERE message_id = $1`, [refused])).length === 1, 'dead letter');
      const [record] = await data.query(`SELECT attempts, error FROM platform.dead_letters WHERE message_id = $1`, [refused]);
      expect(record).toEqual({ attempts: 1, error: 'Refused: thing refused is refused' });
    });

    it('replays a dead letter to the queue that failed it, once', async () => {
      const [letter] = await data.query(`SELECT id FROM platform.dead_letters WHERE payload->>'id' = 'refused'`);
      healed.add('refused');
      const admin = module.get(DeadLetterAdmin);
      await module.get(ClsService).run(() => admin.replay(letter.id));
      await until(() => handled.some((h) => h.id === 'refused'), 'the replayed message');
      await expect(module.get(ClsService).run(() => admin.replay(letter.id))).rejects.toThrow(DeadLetterAlreadyReplayed);
    });
  });

  describe('in direct mode', () => {
    let transport: DirectTransport;
    let consumer: INestMicroservice;
    let relay: ReturnType<typeof createRelay>;

    beforeAll(async () => {
      transport = new DirectTransport();
      consumer = module.createNestMicroservice({ strategy: transport });
      consumer.useGlobalFilters(new RethrowRpcErrors());
      await consumer.listen();
      const dispatch = new DirectDispatch(transport, module.get(MessageRunner), module.get(DeadLetters), config.retryScheduleMs);
      relay = createRelay(config, dispatch);
    });

    afterAll(async () => {
      await relay.close();
      transport.close();
    });

    it('runs the same handlers in-process, in order per aggregate', async () => {
      const ids = await write(Array.from({ length: 20 }, (_, i) => ({ id: `d${i}` })));
      await relay.relay.drainAll();
      expect(handled.map((h) => h.id)).toEqual(Array.from({ length: 20 }, (_, i) => `d${i}`));
      expect((await outboxRows(ids)).every((row: { published_at: Date | null }) => row.published_at)).toBe(true);
    });

    it('records retries on the outbox row, then marks it dead with its error', async () => {
      const [id] = await write([{ id: 'direct-poison', fail: 'always' }], () => `agg-${Math.random()}`);
      await relay.relay.drainAll();
      let [row] = await outboxRows([id]);
      expect(row).toMatchObject({ attempts: 1, dead_at: null, published_at: null, last_error: `${QUEUE}: Error: thing direct-poison failed` });
      await until(async () => {
        await relay.relay.drainAll();
        [row] = await outboxRows([id]);
        return row.dead_at !== null;
      }, 'a dead row');
      expect(row.attempts).toBe(3);
      const [record] = await data.query(`SELECT queue, attempts FROM platform.dead_letters WHERE message_id = $1`, [id]);
      expect(record).toEqual({ queue: QUEUE, attempts: 3 });
    });

    it('replays a dead letter in-process too', async () => {
      const [id] = await write([{ id: 'direct-refused', fail: 'final' }], () => `agg-${Math.random()}`);
      await relay.relay.drainAll();
      const [letter] = await data.query(`SELECT id, attempts FROM platform.dead_letters WHERE message_id = $1`, [id]);
      expect(letter.attempts).toBe(1);
      healed.add('direct-refused');
      await module.get(ClsService).run(() => module.get(DeadLetterAdmin).replay(letter.id));
      await relay.relay.drainAll();
      expect(handled.map((h) => h.id)).toContain('direct-refused');
    });
  });
});
