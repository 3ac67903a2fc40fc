import amqplib from 'amqplib';
import { declareTopology } from './amqp-connection';
import { DELIVERY_LIMIT, deadLetterQueue, EXCHANGES, topologyOf } from './topology';

const AMQP_URL = process.env.TEST_AMQP_URL!;
const QUEUE = 'dispatcher.topology-test.poison';

describe('the declared topology on RabbitMQ', () => {
  let connection: amqplib.ChannelModel;
  let channel: amqplib.ConfirmChannel;

  beforeAll(async () => {
    connection = await amqplib.connect(AMQP_URL);
    channel = await connection.createConfirmChannel();
    await declareTopology(channel, topologyOf([{ queue: QUEUE, kind: 'command', routingKey: 'topology-test.poison' }], [777], 'quorum'));
  });

  afterAll(async () => {
    await channel.deleteQueue(QUEUE);
    await channel.deleteQueue(deadLetterQueue(QUEUE));
    await connection.close();
  });

  it(`moves a message that came back ${DELIVERY_LIMIT} times to the queue's .dlq instead of redelivering or dropping it`, async () => {
    await new Promise((resolve, reject) => channel.publish(EXCHANGES.commands, 'topology-test.poison', Buffer.from('{}'), { persistent: true }, (error) => (error ? reject(error) : resolve(null))));
    const consumer = await connection.createChannel();
    let deliveries = 0;
    await consumer.consume(QUEUE, (message) => {
      if (!message) return;
      deliveries++;
      consumer.nack(message, false, true);
    });
    let letter: amqplib.GetMessage | false = false;
    for (const deadline = Date.now() + 10_000; !letter && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      letter = await channel.get(deadLetterQueue(QUEUE), { noAck: true });
    }
    await consumer.close();
    expect(deliveries).toBe(DELIVERY_LIMIT + 1);
    expect(letter && letter.properties.headers?.['x-death']?.[0]).toMatchObject({ reason: 'delivery_limit', queue: QUEUE });
  });
});
