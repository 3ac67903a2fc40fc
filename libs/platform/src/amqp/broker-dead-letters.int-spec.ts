import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { uuidV7 } from '@app/shared-kernel';
import { until } from '../../../../test/process';
import { consumersOnRabbitMq } from '../testing/consumers-on-rabbitmq';
import { rateLimitedConsumer } from '../testing/rate-limited.consumer';
import { LAST_ERROR_HEADER } from './message-properties';
import { deadLetterQueue, EXCHANGES } from './topology';

const RUN = randomBytes(4).toString('hex');
const COMMAND = `test${RUN}.poison`;
const QUEUE = `dispatcher.test${RUN}.poison`;
const { consumer: PoisonConsumer } = rateLimitedConsumer(COMMAND, QUEUE);

describe('dead letters RabbitMQ moves itself, on RabbitMQ', () => {
  let rabbit: Awaited<ReturnType<typeof consumersOnRabbitMq>>;

  beforeAll(async () => {
    rabbit = await consumersOnRabbitMq([PoisonConsumer], [QUEUE], [100]);
  }, 30_000);

  afterAll(() => rabbit?.close());

  /** Publishes to `missive.dead` as RabbitMQ does at the delivery limit (x-death), or as our transport does (its last error). */
  const deadLetter = async (headers: Record<string, unknown>) => {
    const messageId = uuidV7();
    rabbit.channel.publish(EXCHANGES.dead, QUEUE, Buffer.from(JSON.stringify({ id: messageId })), { messageId, type: COMMAND, persistent: true, headers });
    await rabbit.channel.waitForConfirms();
    return messageId;
  };
  const recorded = (messageId: string) =>
    rabbit.module.get(DataSource).query(`SELECT queue, type, error, attempts, payload FROM platform.dead_letters WHERE message_id = $1`, [messageId]);

  it("records the ones RabbitMQ moved at the delivery limit, with why, and not the transport's own (recorded already); the .dlq keeps both", async () => {
    const moved = await deadLetter({ 'x-death': [{ reason: 'delivery_limit', queue: QUEUE, count: 1, exchange: '', 'routing-keys': [QUEUE] }], 'x-attempt': 2 });
    const ours = await deadLetter({ [LAST_ERROR_HEADER]: 'Error: provider down', 'x-attempt': 6 });

    await until(async () => (await recorded(moved)).length === 1, 'the moved letter recorded', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(await recorded(moved)).toEqual([
      { queue: QUEUE, type: COMMAND, error: expect.stringContaining("RabbitMQ dead-lettered it at the queue's delivery limit"), attempts: 2, payload: { id: moved } },
    ]);
    expect(await recorded(ours)).toEqual([]);
    const inDlq: string[] = [];
    for (let letter = await rabbit.channel.get(deadLetterQueue(QUEUE), { noAck: true }); letter; letter = await rabbit.channel.get(deadLetterQueue(QUEUE), { noAck: true })) {
      inDlq.push(letter.properties.messageId);
    }
    expect(inDlq.sort()).toEqual([moved, ours].sort());
  }, 20_000);
});
