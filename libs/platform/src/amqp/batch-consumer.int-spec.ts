import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TestingModule } from '@nestjs/testing';
import amqplib from 'amqplib';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainError, uuidV7 } from '@app/shared-kernel';
import { until } from '../../../../test/process';
import { ConsumedBatch } from '../inbox/consumed-batch';
import { consumersOnRabbitMq } from '../testing/consumers-on-rabbitmq';
import { EXCHANGES } from './topology';

const RUN = randomBytes(4).toString('hex');
const COMMAND = `test${RUN}.do-many`;
const QUEUE = `dispatcher.test${RUN}.do-many`;

class Refused extends DomainError {
  readonly kind = 'invalid';
}

const handled: string[] = [];
const batchSizes: number[] = [];

@Controller()
class DoManyConsumer {
  @EventPattern<string>(COMMAND, { queue: QUEUE, batch: 10 })
  async handle(@Payload() batch: ConsumedBatch<{ id: string; fail?: 'final' | 'transient' }>) {
    batchSizes.push(batch.items.length);
    for (const item of batch.items) {
      if (item.payload.fail === 'final') batch.fail(item, new Refused(`${item.payload.id} is refused`));
      else if (item.payload.fail === 'transient') batch.fail(item, new Error(`${item.payload.id} failed`));
      else handled.push(item.payload.id);
    }
  }
}

describe('a batch consumer on RabbitMQ', () => {
  let module: TestingModule;
  let channel: amqplib.ConfirmChannel;
  let rabbit: Awaited<ReturnType<typeof consumersOnRabbitMq>>;

  beforeAll(async () => {
    rabbit = await consumersOnRabbitMq([DoManyConsumer], [QUEUE], [50, 100]);
    ({ module, channel } = rabbit);
  }, 30_000);

  afterAll(() => rabbit?.close());

  beforeEach(() => {
    handled.length = 0;
    batchSizes.length = 0;
  });

  const publish = async (payloads: object[], messageId = () => uuidV7()) => {
    const ids = payloads.map(() => messageId());
    payloads.forEach((payload, index) =>
      channel.publish(EXCHANGES.commands, COMMAND, Buffer.from(JSON.stringify(payload)), { messageId: ids[index], type: COMMAND, persistent: true }),
    );
    await channel.waitForConfirms();
    return ids;
  };
  const drained = async () => (await channel.checkQueue(QUEUE)).messageCount === 0;

  it('takes messages that wait together as batches, up to the batch size, each message once', async () => {
    await publish(Array.from({ length: 300 }, (_, i) => ({ id: `m${i}` })));

    await until(() => handled.length >= 300, '300 handled');
    await until(drained, 'the queue acked empty');

    expect(new Set(handled).size).toBe(300);
    expect(handled).toHaveLength(300);
    expect(Math.max(...batchSizes)).toBeGreaterThan(1);
    expect(Math.max(...batchSizes)).toBeLessThanOrEqual(10);
  });

  it('retries and dead-letters the failed messages of a batch on their own, and commits the rest', async () => {
    const [, refused, flaky] = await publish([{ id: 'fine' }, { id: 'refused', fail: 'final' }, { id: 'flaky', fail: 'transient' }, { id: 'fine-too' }]);
    const data = module.get(DataSource);
    const letters = () => data.query(`SELECT message_id, error, attempts FROM platform.dead_letters WHERE queue = $1 ORDER BY attempts`, [QUEUE]);

    await until(async () => (await letters()).length === 2, 'two dead letters');

    expect(await letters()).toEqual([
      { message_id: refused, error: 'Refused: refused is refused', attempts: 1 },
      { message_id: flaky, error: 'Error: flaky failed', attempts: 3 },
    ]);
    expect(handled.sort()).toEqual(['fine', 'fine-too']);
    const dead = await channel.get(`${QUEUE}.dlq`, { noAck: true });
    expect(dead && dead.properties.headers?.['x-last-error']).toMatch(/refused|flaky/);
  });

  it('dead-letters messages without a message id at once, one by one, and goes on with the next', async () => {
    await publish([{ id: 'anonymous' }, { id: 'named' }], () => '');
    await publish([{ id: 'named-too' }]);
    const data = module.get(DataSource);

    await until(() => handled.includes('named-too'), 'the good message');
    await until(async () => (await data.query(`SELECT 1 FROM platform.dead_letters WHERE queue = $1 AND message_id IS NULL`, [QUEUE])).length === 2, 'the anonymous ones');
    expect(handled).toEqual(['named-too']);
  });
});
