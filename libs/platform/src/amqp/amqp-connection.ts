import { Logger } from '@nestjs/common';
import amqp, { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel } from 'amqplib';
import { Topology } from './topology';

const logger = new Logger('Amqp');

/** A connection that reconnects by itself (every second), with a 5 s heartbeat so a dead broker is noticed quickly. */
export function connectAmqp(url: string, name: string): AmqpConnectionManager {
  return amqp.connect([url], { heartbeatIntervalInSeconds: 5, reconnectTimeInSeconds: 1, connectionOptions: { clientProperties: { connection_name: name } } });
}

/** A confirm channel whose setup declares the topology again on every (re)connect: declarations are idempotent. */
export function confirmChannel(connection: AmqpConnectionManager, topology: Topology, publishTimeoutMs = 10_000): ChannelWrapper {
  const channel = connection.createChannel({
    confirm: true,
    publishTimeout: publishTimeoutMs,
    setup: (confirm: ConfirmChannel) => declareTopology(confirm, topology),
  });
  return watched(channel);
}

/** A channel error (a failed setup, a closing connection) is logged; the manager sets the channel up again. */
export function watched(channel: ChannelWrapper): ChannelWrapper {
  channel.on('error', (error: unknown) => logger.warn({ err: error }, 'RabbitMQ channel error; it will be set up again'));
  return channel;
}

export async function declareTopology(channel: ConfirmChannel, topology: Topology): Promise<void> {
  for (const exchange of topology.exchanges) await channel.assertExchange(exchange.name, exchange.type, { durable: true });
  for (const queue of topology.queues) await channel.assertQueue(queue.name, { durable: true, arguments: queue.arguments });
  for (const binding of topology.bindings) await channel.bindQueue(binding.destination, binding.source, binding.routingKey, binding.arguments);
}
