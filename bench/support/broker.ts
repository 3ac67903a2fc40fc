import { randomBytes } from 'node:crypto';
import amqplib, { Channel, ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import { messageProperties } from '../../libs/platform/src/amqp/message-properties';
import { DEFAULT_QUEUE_TYPE, QUEUE_TYPES, QueueType, queueTypeArguments } from '../../libs/platform/src/amqp/topology';
import { onCleanup, within } from './cleanup';

/** The broker the benches use (`BENCH_AMQP_URL`) and its management API (`BENCH_AMQP_MANAGEMENT_URL`). */
export const AMQP_SERVER_URL = process.env.BENCH_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const MANAGEMENT_URL = process.env.BENCH_AMQP_MANAGEMENT_URL ?? 'http://127.0.0.1:15672';
/** The queue type the apps declare (`AMQP_QUEUE_TYPE`, else their default), and so the one the ceilings are measured on. */
export const QUEUE_TYPE: QueueType = QUEUE_TYPES.find((type) => type === process.env.AMQP_QUEUE_TYPE) ?? DEFAULT_QUEUE_TYPE;
export const QUEUE_ARGUMENTS = queueTypeArguments(QUEUE_TYPE);

function management(path: string, init: RequestInit = {}): Promise<Response> {
  const { username, password } = new URL(AMQP_SERVER_URL);
  const auth = Buffer.from(`${decodeURIComponent(username)}:${decodeURIComponent(password)}`).toString('base64');
  return fetch(`${MANAGEMENT_URL}/api${path}`, {
    ...init,
    headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json', ...init.headers },
    signal: AbortSignal.timeout(10_000),
  });
}

export async function brokerVersion(): Promise<string> {
  const response = await management('/overview');
  return response.ok ? ((await response.json()) as { product_version: string }).product_version : 'unknown';
}

/**
 * A virtual host of the bench's own, deleted when it ends (with every queue in it): nothing the bench
 * declares or publishes can meet the queues of tests or apps running on the same broker.
 */
export async function scratchVhost(label: string): Promise<{ name: string; url: string }> {
  const name = `missive-bench-${label}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const path = encodeURIComponent(name);
  const created = await management(`/vhosts/${path}`, { method: 'PUT', body: '{}' }).catch((error: Error) => {
    throw new Error(`The benches need the RabbitMQ management API at ${MANAGEMENT_URL} (set BENCH_AMQP_MANAGEMENT_URL): ${error.message}`);
  });
  if (!created.ok) throw new Error(`creating vhost ${name}: ${created.status} ${await created.text()}`);
  onCleanup(`delete vhost ${name}`, () => management(`/vhosts/${path}`, { method: 'DELETE' }));
  const { username } = new URL(AMQP_SERVER_URL);
  const granted = await management(`/permissions/${path}/${username}`, { method: 'PUT', body: JSON.stringify({ configure: '.*', write: '.*', read: '.*' }) });
  if (!granted.ok) throw new Error(`granting ${username} on ${name}: ${granted.status} ${await granted.text()}`);
  const url = new URL(AMQP_SERVER_URL);
  url.pathname = `/${path}`;
  return { name, url: url.toString() };
}

/** The same properties a Missive message carries (message id, type, app id, timestamp, attempt header, persistent). */
export function propertiesOf(id: string, type: string): Options.Publish {
  return messageProperties({ id, type, correlationId: id, createdAt: new Date(), headers: {} });
}

/**
 * Publishes `count` messages on a confirm channel with at most `window` unconfirmed at a time, respecting
 * the socket's back-pressure; resolves when the last one is confirmed.
 */
export function confirmPublish(
  channel: ConfirmChannel,
  count: number,
  window: number,
  message: (i: number) => { exchange: string; routingKey: string; body: Buffer; properties: Options.Publish },
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let sent = 0;
    let inFlight = 0;
    let confirmed = 0;
    let blocked = false;
    let failed = false;
    const pump = () => {
      while (!failed && !blocked && sent < count && inFlight < window) {
        const { exchange, routingKey, body, properties } = message(sent);
        sent += 1;
        inFlight += 1;
        const ok = channel.publish(exchange, routingKey, body, properties, (error: unknown) => {
          inFlight -= 1;
          if (error) {
            failed = true;
            reject(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          confirmed += 1;
          if (confirmed === count) resolve();
          else pump();
        });
        if (!ok) {
          blocked = true;
          channel.once('drain', () => {
            blocked = false;
            pump();
          });
        }
      }
    };
    if (count === 0) resolve();
    else pump();
  });
}

/** Consumes `count` messages from `queue` with manual acks (one per message, as Missive's transport does). */
export async function consumeCount(channel: Channel, queue: string, count: number, prefetch: number): Promise<{ done: Promise<void> }> {
  await channel.prefetch(prefetch);
  let received = 0;
  let tag = '';
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  ({ consumerTag: tag } = await channel.consume(
    queue,
    (message: ConsumeMessage | null) => {
      if (!message) return;
      channel.ack(message);
      received += 1;
      if (received === count) {
        void channel.cancel(tag).catch(() => undefined);
        finish();
      }
    },
    { noAck: false },
  ));
  return { done };
}

export interface Rate {
  messages: number;
  seconds: number;
  per_second: number;
}

export function rate(messages: number, ms: number): Rate {
  return { messages, seconds: round(ms / 1000, 3), per_second: Math.round(messages / (ms / 1000)) };
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export interface BrokerCeiling {
  settings: { window: number; prefetch: number; queue_type: string; body_bytes: number; persistent: true; ack: 'one per message' };
  /** Confirm-publish of `count` to a queue nobody consumes. */
  publish: Rate;
  /** Consuming those `count` back, manual acks. */
  consume: Rate;
  /** Publisher and consumer (separate connections) at once, from the first publish to the last ack: the pipeline's ceiling. */
  publish_and_consume: Rate;
}

/**
 * The broker's ceiling on this box, with plain amqplib: confirm-publish with `window` unconfirmed, then
 * consume with manual acks at `prefetch`, then both at once. Persistent messages of `body` to a durable
 * queue of QUEUE_TYPE, through a direct exchange, as Missive's commands go.
 */
export async function brokerCeiling(url: string, count: number, body: Buffer, options: { window?: number; prefetch?: number; timeoutMs?: number } = {}): Promise<BrokerCeiling> {
  const window = options.window ?? 1_000;
  const prefetch = options.prefetch ?? 200;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const exchange = 'bench.ceiling';
  const queue = 'bench.ceiling';
  const publisher = await amqplib.connect(url, { clientProperties: { connection_name: 'missive-bench-ceiling-publisher' } });
  const consumer = await amqplib.connect(url, { clientProperties: { connection_name: 'missive-bench-ceiling-consumer' } });
  try {
    const setup = await publisher.createChannel();
    await setup.assertExchange(exchange, 'direct', { durable: true });
    await setup.assertQueue(queue, { durable: true, arguments: QUEUE_ARGUMENTS });
    await setup.bindQueue(queue, exchange, queue);
    await setup.purgeQueue(queue);
    const message = (i: number) => ({ exchange, routingKey: queue, body, properties: propertiesOf(`00000000-0000-7000-8000-${i.toString(16).padStart(12, '0')}`, 'bench.ceiling') });

    const confirm = await publisher.createConfirmChannel();
    let started = performance.now();
    await within(confirmPublish(confirm, count, window, message), timeoutMs, 'ceiling: publish');
    const publish = rate(count, performance.now() - started);

    const consuming = await consumer.createChannel();
    started = performance.now();
    await within((await consumeCount(consuming, queue, count, prefetch)).done, timeoutMs, 'ceiling: consume');
    const consume = rate(count, performance.now() - started);

    started = performance.now();
    const { done } = await consumeCount(consuming, queue, count, prefetch);
    await within(Promise.all([confirmPublish(confirm, count, window, message), done]), timeoutMs, 'ceiling: publish and consume');
    const both = rate(count, performance.now() - started);

    await setup.deleteQueue(queue);
    await setup.deleteExchange(exchange);
    return {
      settings: { window, prefetch, queue_type: QUEUE_TYPE, body_bytes: body.length, persistent: true, ack: 'one per message' },
      publish,
      consume,
      publish_and_consume: both,
    };
  } finally {
    await publisher.close().catch(() => undefined);
    await consumer.close().catch(() => undefined);
  }
}
