import { INestApplication } from '@nestjs/common';
import type { NestMicroservice } from '@nestjs/microservices';
import { PlatformSettings } from '../config/platform.settings';
import { DeadLetters } from '../inbox/dead-letters';
import { MessageRunner } from '../inbox/message-runner';
import { Metrics } from '../metrics/metrics';
import { DirectTransport } from '../outbox/relay/direct.transport';
import { AmqpTransport } from './amqp.transport';
import { RethrowRpcErrors } from './consumer-bindings';

/**
 * Serves the app's `@EventPattern` consumers: from RabbitMQ in broker mode, from the in-process relay in direct mode.
 * The app is initialised first, so the command bus knows its handlers before the first message arrives.
 */
export async function connectConsumers(app: INestApplication, config: PlatformSettings): Promise<void> {
  await app.init();
  const strategy =
    config.outboxDispatch === 'direct'
      ? app.get(DirectTransport)
      : new AmqpTransport({
          url: config.amqpUrl!,
          prefetch: config.amqpPrefetch,
          retryScheduleMs: config.retryScheduleMs,
          queueType: config.amqpQueueType,
          runner: app.get(MessageRunner),
          deadLetters: app.get(DeadLetters),
          metrics: app.get(Metrics),
        });
  // why: deferred, so that the filter below is in place when the listeners are set up.
  const consumers = app.connectMicroservice({ strategy }, { inheritAppConfig: false, deferInitialization: true });
  // why: a deferred microservice shares the app's modules yet runs their lifecycle hooks again when it starts: every
  // onModuleInit and onApplicationBootstrap twice, and @nestjs/cqrs then registers each handler twice, with a warning.
  (consumers as NestMicroservice).setIsInitHookCalled(true);
  consumers.useGlobalFilters(new RethrowRpcErrors());
  await app.startAllMicroservices();
}
