import { Type } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import amqplib from 'amqplib';
import { testConfig } from '../../../../test/test-config';
import { AmqpTransport } from '../amqp/amqp.transport';
import { RethrowRpcErrors } from '../amqp/consumer-bindings';
import { DEFAULT_QUEUE_TYPE } from '../amqp/topology';
import { DeadLetters } from '../inbox/dead-letters';
import { MessageRunner } from '../inbox/message-runner';
import { PlatformModule } from '../platform.module';

/** Consumers listening on this run's RabbitMQ through the dispatcher's transport, and a channel to publish with; for int-specs. */
export async function consumersOnRabbitMq(controllers: Type[], queues: string[], retryScheduleMs: number[]) {
  const url = process.env.TEST_AMQP_URL!;
  const module: TestingModule = await Test.createTestingModule({ imports: [PlatformModule.forRoot(testConfig())], controllers }).compile();
  await module.init();
  const runner = module.get(MessageRunner);
  const transport = new AmqpTransport({ url, prefetch: 50, retryScheduleMs, queueType: DEFAULT_QUEUE_TYPE, runner, deadLetters: module.get(DeadLetters) });
  const consumer = module.createNestMicroservice({ strategy: transport });
  consumer.useGlobalFilters(new RethrowRpcErrors());
  await consumer.listen();
  const broker = await amqplib.connect(url);
  const channel = await broker.createConfirmChannel();
  return {
    module,
    channel,
    async close() {
      await transport.close();
      for (const queue of queues) await channel.deleteQueue(queue).then(() => channel.deleteQueue(`${queue}.dlq`));
      await broker.close();
      await module.close();
    },
  };
}
