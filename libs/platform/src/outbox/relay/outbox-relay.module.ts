import { BeforeApplicationShutdown, DynamicModule, Injectable, Logger, Module, OnApplicationBootstrap, Provider } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { AmqpConnectionManager } from 'amqp-connection-manager';
import { PlatformSettings } from '../../config/platform.settings';
import { confirmChannel, connectAmqp } from '../../amqp/amqp-connection';
import { topologyFromDefinitions } from '../../amqp/topology';
import { DeadLetters } from '../../inbox/dead-letters';
import { MessageRunner } from '../../inbox/message-runner';
import { Metrics } from '../../metrics/metrics';
import { BrokerDispatch } from './broker-dispatch';
import { DirectDispatch } from './direct-dispatch';
import { DirectTransport } from './direct.transport';
import { OutboxDispatch } from './outbox-row';
import { createRelay } from './relay-runner';

export interface RelayOptions {
  /** Start the loop at bootstrap; `--once` drains by hand instead. */
  loop: boolean;
}

/** The relay loop inside a Nest app: started at bootstrap, stopped before the database closes. */
@Injectable()
export class RelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private readonly runtime;

  constructor(
    config: PlatformSettings,
    private readonly dispatch: OutboxDispatch,
    private readonly options: RelayOptions,
    metrics: Metrics,
  ) {
    this.runtime = createRelay(config, dispatch, (results, ms) => {
      metrics.relayBatch.observe(ms / 1000);
      for (const result of results) {
        if (result.outcome === 'published') metrics.published.inc({ type: result.type });
        else metrics.outboxFailed.inc({ type: result.type, result: result.outcome });
      }
    });
    metrics.gauge('missive_outbox_backlog', 'Outbox rows waiting to be published.', async () => (await this.runtime.store.backlog()).pending);
    metrics.gauge('missive_outbox_oldest_age_seconds', 'Age of the oldest unpublished outbox row: the relay lag.', async () => (await this.runtime.store.backlog()).oldestAgeSeconds);
  }

  onApplicationBootstrap(): void {
    if (this.options.loop) this.runtime.relay.start();
  }

  async drainAll(): Promise<number> {
    if (this.dispatch instanceof BrokerDispatch) await this.dispatch.ready();
    const count = await this.runtime.relay.drainAll();
    this.logger.log(`drained ${count} outbox rows`);
    return count;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runtime.close();
  }
}

class BrokerConnection implements BeforeApplicationShutdown {
  constructor(readonly connection: AmqpConnectionManager) {}

  async beforeApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/**
 * The outbox relay. Broker mode publishes to RabbitMQ after declaring the exported topology (so no
 * message is published before its queue exists); direct mode hands rows to this process's consumers.
 */
@Module({})
export class OutboxRelayModule {
  static forRoot(mode: 'broker' | 'direct', options: RelayOptions): DynamicModule {
    const dispatch: Provider[] =
      mode === 'direct'
        ? [
            { provide: DirectTransport, useValue: new DirectTransport() },
            {
              provide: OutboxDispatch,
              inject: [DirectTransport, MessageRunner, DeadLetters, PlatformSettings, Metrics],
              useFactory: (transport: DirectTransport, runner: MessageRunner, deadLetters: DeadLetters, config: PlatformSettings, metrics: Metrics) =>
                new DirectDispatch(transport, runner, deadLetters, config.retryScheduleMs, metrics),
            },
          ]
        : [
            { provide: BrokerConnection, inject: [PlatformSettings], useFactory: (config: PlatformSettings) => new BrokerConnection(connectAmqp(config.amqpUrl!, 'missive-outbox-relay')) },
            {
              provide: OutboxDispatch,
              inject: [BrokerConnection, PlatformSettings],
              useFactory: (broker: BrokerConnection, config: PlatformSettings) =>
                new BrokerDispatch(confirmChannel(broker.connection, topologyFromDefinitions(JSON.parse(readFileSync(config.amqpDefinitionsFile, 'utf8')), config.amqpQueueType))),
            },
          ];
    return {
      module: OutboxRelayModule,
      providers: [
        ...dispatch,
        {
          provide: RelayService,
          inject: [PlatformSettings, OutboxDispatch, Metrics],
          useFactory: (config: PlatformSettings, relayDispatch: OutboxDispatch, metrics: Metrics) => new RelayService(config, relayDispatch, options, metrics),
        },
      ],
      exports: [RelayService, ...(mode === 'direct' ? [DirectTransport] : [])],
    };
  }
}
