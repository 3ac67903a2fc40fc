import type { ChannelWrapper } from 'amqp-connection-manager';
import { EXCHANGES } from '../../amqp/topology';
import { messageProperties, TARGET_QUEUE_HEADER } from '../../amqp/message-properties';
import { DispatchResult, OutboxDispatch, OutboxRow } from './outbox-row';

/**
 * Broker mode: the whole batch is published on a confirm channel at once — the batch is the confirm
 * window — and counts as published only when RabbitMQ has confirmed every message.
 */
export class BrokerDispatch extends OutboxDispatch {
  constructor(private readonly channel: ChannelWrapper) {
    super();
  }

  /** Resolves once the topology is declared, so nothing is published before its queues exist. */
  ready(): Promise<void> {
    return this.channel.waitForConnect();
  }

  async dispatch(rows: OutboxRow[]): Promise<DispatchResult[]> {
    await Promise.all(
      rows.map((row) =>
        this.channel.publish(
          ...route(row),
          Buffer.from(JSON.stringify(row.payload)),
          messageProperties({ id: row.id, type: row.type, correlationId: row.correlation_id, createdAt: row.created_at, headers: row.headers }),
        ),
      ),
    );
    return rows.map(({ id }) => ({ id, outcome: 'published' }));
  }
}

/** A replayed dead letter goes straight to its queue through the default exchange; the rest by kind and routing key. */
function route(row: OutboxRow): [exchange: string, routingKey: string] {
  const target = row.headers[TARGET_QUEUE_HEADER];
  if (typeof target === 'string') return ['', target];
  return [row.kind === 'command' ? EXCHANGES.commands : EXCHANGES.events, row.routing_key];
}
