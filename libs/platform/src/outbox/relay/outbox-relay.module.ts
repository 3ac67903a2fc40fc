import { BeforeApplicationShutdown, DynamicModule, Injectable, Logger, Module, OnApplicationBootstrap, Provider } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { AmqpConnectionManager } from 'amqp-connection-manager';
import { AppConfig } from '../../config/app-config';
import { confirmChannel, connectAmqp } from '../../amqp/amqp-connection';
import { topologyFromDefinitions } from '../../amqp/topology';
import { DeadLetters } from '../../inbox/dead-letters';
import { MessageRunner } from '../../inbox/message-runner';
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
    config: AppConfig,
    private readonly dispatch: OutboxDispatch,
    private readonly options: RelayOptions,
  ) {
    this.runtime = createRelay(config, dispatch);
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
              inject: [DirectTransport, MessageRunner, DeadLetters, AppConfig],
              useFactory: (transport: DirectTransport, runner: MessageRunner, deadLetters: DeadLetters, config: AppConfig) =>
                new DirectDispatch(transport, runner, deadLetters, config.retryScheduleMs),
            },
          ]
        : [
            { provide: BrokerConnection, inject: [AppConfig], useFactory: (config: AppConfig) => new BrokerConnection(connectAmqp(config.amqpUrl!, 'missive-outbox-relay')) },
            {
              provide: OutboxDispatch,
              inject: [BrokerConnection, AppConfig],
              useFactory: (broker: BrokerConnection, config: AppConfig) =>
                new BrokerDispatch(confirmChannel(broker.connection, topologyFromDefinitions(JSON.parse(readFileSync(config.amqpDefinitionsFile, 'utf8'))))),
            },
          ];
    return {
      module: OutboxRelayModule,
      providers: [...dispatch, { provide: 'RELAY_OPTIONS', useValue: options }, { provide: RelayService, inject: [AppConfig, OutboxDispatch, 'RELAY_OPTIONS'], useFactory: (c: AppConfig, d: OutboxDispatch, o: RelayOptions) => new RelayService(c, d, o) }],
      exports: [RelayService, ...(mode === 'direct' ? [DirectTransport] : [])],
    };
  }
}
