import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import type { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { retryAfterOf } from '@app/shared-kernel';
import { DeadLetters } from '../inbox/dead-letters';
import { ConsumedBatch } from '../inbox/consumed-batch';
import { Delivery, MessageRunner, RunOutcome } from '../inbox/message-runner';
import { retryDelayMs, scheduledDelayAtLeast } from '../inbox/retry-delay';
import { ConsumeOutcome, Metrics } from '../metrics/metrics';
import { confirmChannel, connectAmqp, declareTopology, watched } from './amqp-connection';
import { Ack, ChannelAcks } from './channel-acks';
import { brokerDeadLetterOf } from './broker-dead-letters';
import { bindingsOf, invokeHandler } from './consumer-bindings';
import { ATTEMPT_HEADER, LAST_ERROR_HEADER } from './message-properties';
import { ConsumerBinding, DEAD_LETTER_RECORDER_QUEUE, delayLabel, EXCHANGES, RETRY_DELAY_HEADER, Topology, topologyOf } from './topology';

export interface AmqpTransportOptions {
  url: string;
  prefetch: number;
  retryScheduleMs: readonly number[];
  queueType: 'classic' | 'quorum';
  runner: MessageRunner;
  deadLetters: DeadLetters;
  metrics?: Metrics;
}

/** Batches of one queue that a dispatcher runs side by side (each in a transaction of its own). */
export const BATCHES_IN_FLIGHT = 3;

interface Pending {
  acks: ChannelAcks;
  ack: Ack;
  message: ConsumeMessage;
  delivery: Delivery;
  started: number;
}

interface BatchQueue {
  pending: Pending[];
  running: number;
  scheduled: boolean;
}

/**
 * The dispatcher's RabbitMQ transport for `@EventPattern` consumers: one durable queue per handler,
 * manual acks after commit, bounded prefetch, the inbox against duplicates, retries with backoff through
 * `missive.retry`, dead letters (with the last error in their headers) to `<queue>.dlq`. Reconnects by itself.
 */
export class AmqpTransport extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger('AmqpTransport');
  private connection: AmqpConnectionManager | null = null;
  private publisher: ChannelWrapper | null = null;
  private consumer: ChannelWrapper | null = null;
  private consuming: { channel: ConfirmChannel; acks: ChannelAcks; tags: string[] } | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly batches = new Map<string, BatchQueue>();
  private readonly handlers = new Map<string, MessageHandler | null>();

  constructor(private readonly options: AmqpTransportOptions) {
    super();
  }

  /** The declared topology, for the definitions file and for tests. */
  topology(): Topology {
    return topologyOf(bindingsOf(this.getHandlers()), this.options.retryScheduleMs, this.options.queueType);
  }

  listen(callback: (error?: unknown) => void): void {
    const bindings = bindingsOf(this.getHandlers());
    // why: looked up once, not per message: Nest normalises the pattern on every lookup.
    for (const binding of bindings) this.handlers.set(binding.queue, this.getHandlerByPattern(binding.routingKey));
    const topology = this.topology();
    this.connection = connectAmqp(this.options.url, 'missive-dispatcher');
    this.connection.on('disconnect', ({ err }) => this.logger.warn({ err }, 'RabbitMQ connection lost; reconnecting'));
    this.publisher = confirmChannel(this.connection, topology);
    this.consumer = watched(this.connection.createChannel({
      setup: async (channel: ConfirmChannel) => {
        await declareTopology(channel, topology);
        await channel.prefetch(this.options.prefetch);
        const acks = new ChannelAcks(channel, (error, message) =>
          // why: the channel closed under us (a broker restart): RabbitMQ redelivers, and the inbox skips what was done.
          this.logger.warn({ err: error, message_id: message.properties.messageId }, 'could not ack; the message will be redelivered'),
        );
        const tags: string[] = [];
        for (const binding of bindings) {
          const { consumerTag } = await channel.consume(binding.queue, (message) => message && this.onMessage(acks, binding, message), { noAck: false });
          tags.push(consumerTag);
        }
        if (bindings.length) {
          const { consumerTag } = await channel.consume(DEAD_LETTER_RECORDER_QUEUE, (message) => message && this.track(this.recordDeadLetter(acks, message)), { noAck: false });
          tags.push(consumerTag);
        }
        this.consuming = { channel, acks, tags };
      },
    }));
    this.consumer.waitForConnect().then(() => callback(), callback);
  }

  /** Stops taking messages, lets the ones in flight finish (up to 20 s), then closes. */
  async close(): Promise<void> {
    const consuming = this.consuming;
    this.consuming = null;
    for (const tag of consuming?.tags ?? []) await consuming?.channel.cancel(tag).catch(() => undefined);
    const deadline = Date.now() + 20_000;
    while (this.inFlight.size && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((resolve) => setTimeout(resolve, deadline - Date.now()).unref())]);
    }
    consuming?.acks.flush();
    await this.consumer?.close();
    await this.publisher?.close();
    await this.connection?.close();
  }

  on(): never {
    throw new Error('AmqpTransport has no events to subscribe to');
  }

  unwrap<T>(): T {
    return this.connection as T;
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** A copy of a dead letter: recorded if RabbitMQ moved it itself, then acked; given back when it cannot be recorded now. */
  private async recordDeadLetter(acks: ChannelAcks, message: ConsumeMessage): Promise<void> {
    const ack = acks.track(message);
    const letter = brokerDeadLetterOf(message);
    try {
      if (letter) await this.options.deadLetters.record(letter);
    } catch (error) {
      this.logger.error({ err: error, message_id: message.properties.messageId }, 'could not record a dead letter RabbitMQ moved; it will be redelivered');
      return acks.requeue(ack);
    }
    acks.ack([ack]);
  }

  private onMessage(acks: ChannelAcks, binding: ConsumerBinding, message: ConsumeMessage): void {
    const ack = acks.track(message);
    const delivery = deliveryOf(binding, message);
    const handler = this.handlers.get(binding.queue);
    if (binding.batch && handler && !('error' in delivery)) this.enqueue(binding, { acks, ack, message, delivery, started: performance.now() });
    else this.track(this.runOne(binding, handler, acks, ack, message, delivery));
  }

  private async runOne(binding: ConsumerBinding, handler: MessageHandler | null | undefined, acks: ChannelAcks, ack: Ack, message: ConsumeMessage, delivery: Delivery | { error: string }): Promise<void> {
    const started = performance.now();
    const outcome: RunOutcome =
      'error' in delivery || !handler
        ? { kind: 'final', error: 'error' in delivery ? delivery.error : `no handler for ${binding.routingKey}` }
        : await this.options.runner.run(delivery, (payload) => invokeHandler(handler, payload));
    const pending = { acks, ack, message, delivery: 'error' in delivery ? null : delivery, started };
    if (await this.finish(binding, pending, outcome)) acks.ack([ack]);
  }

  // why: deliveries that arrive together (one socket read, or while a batch runs) are handled as one batch, in one
  // transaction. An idle queue starts a batch at once, whatever its size, so a lone message waits for nothing; a busy
  // one starts another only when a full batch waits, so that under load batches grow instead of splitting into small ones.
  private enqueue(binding: ConsumerBinding, entry: Pending): void {
    let queue = this.batches.get(binding.queue);
    if (!queue) this.batches.set(binding.queue, (queue = { pending: [], running: 0, scheduled: false }));
    queue.pending.push(entry);
    if (queue.scheduled) return;
    queue.scheduled = true;
    setImmediate(() => {
      queue.scheduled = false;
      this.flush(binding, queue);
    });
  }

  private flush(binding: ConsumerBinding, queue: BatchQueue): void {
    while (queue.pending.length && queue.running < BATCHES_IN_FLIGHT && (queue.running === 0 || queue.pending.length >= binding.batch!)) {
      const entries = queue.pending.splice(0, binding.batch);
      queue.running++;
      this.track(
        this.runBatch(binding, entries).finally(() => {
          queue.running--;
          this.flush(binding, queue);
        }),
      );
    }
  }

  private async runBatch(binding: ConsumerBinding, entries: Pending[]): Promise<void> {
    const handler = this.handlers.get(binding.queue)!;
    let outcomes: RunOutcome[];
    try {
      const deliveries = entries.map(({ delivery }) => delivery);
      outcomes = binding.phased
        ? await this.options.runner.runPhasedBatch(deliveries, (batch) => invokeHandler(handler, batch), (attempt, error) => this.retryDelay(attempt, error))
        : await this.options.runner.runBatch(deliveries, (batch: ConsumedBatch) => invokeHandler(handler, batch));
    } catch (error) {
      this.logger.error({ err: error, queue: binding.queue, messages: entries.length }, 'batch failed outside its handler; its messages will be redelivered');
      return entries.forEach(({ acks, ack }) => acks.requeue(ack));
    }
    const done = new Map<ChannelAcks, Ack[]>();
    for (const [index, entry] of entries.entries()) {
      const outcome = outcomes[index];
      if (outcome.kind === 'done' || outcome.kind === 'duplicate') this.counted(binding, entry, outcome.kind);
      else if (!(await this.finish(binding, entry, outcome))) continue;
      const settled = done.get(entry.acks);
      if (settled) settled.push(entry.ack);
      else done.set(entry.acks, [entry.ack]);
    }
    for (const [acks, settled] of done) acks.ack(settled);
  }

  /** Retries or dead-letters a failed message; false when that failed too and the message went back to its queue. */
  private async finish(binding: ConsumerBinding, { acks, ack, message, delivery, started }: Omit<Pending, 'delivery'> & { delivery: Delivery | null }, outcome: RunOutcome): Promise<boolean> {
    let settled: ConsumeOutcome;
    try {
      settled = outcome.kind === 'done' || outcome.kind === 'duplicate' ? outcome.kind : await this.settle(binding, message, outcome, delivery);
    } catch (error) {
      this.logger.error({ err: error, message_id: message.properties.messageId }, 'could not retry or dead-letter; the message will be redelivered');
      acks.requeue(ack);
      return false;
    }
    this.counted(binding, { message, started }, settled);
    return true;
  }

  private counted(binding: ConsumerBinding, { message, started }: { message: ConsumeMessage; started: number }, outcome: ConsumeOutcome): void {
    this.options.metrics?.consumedMessage(binding.queue, message.properties.type ?? binding.routingKey, outcome, (performance.now() - started) / 1000);
  }

  /** The wait a retry of this attempt would be published with, or undefined when it would be dead-lettered. */
  private retryDelay(attempt: number, error: unknown): number | undefined {
    const schedule = this.options.retryScheduleMs;
    const wanted = retryDelayMs(schedule, attempt, retryAfterOf(error));
    return wanted === undefined ? undefined : scheduledDelayAtLeast(schedule, wanted);
  }

  private async settle(binding: ConsumerBinding, message: ConsumeMessage, outcome: Extract<RunOutcome, { error: string }>, delivery: Delivery | null): Promise<ConsumeOutcome> {
    const attempt = delivery?.attempt ?? 1;
    // why: a retried message waits in the TTL queue of its delay, so a provider's wait is rounded up to the shortest
    // scheduled delay at least as long (3 s → 5 s on the default schedule), never shortened. A per-message expiration
    // on one queue would be exact, but RabbitMQ expires messages only at a queue's head: a 10-minute wait there would
    // hold back every shorter one behind it.
    const delay = outcome.kind === 'retryable' ? this.retryDelay(attempt, { retryAfterMs: outcome.retryAfterMs }) : undefined;
    const headers = { ...message.properties.headers, [LAST_ERROR_HEADER]: outcome.error.slice(0, 1_000) };
    if (delay !== undefined) {
      await this.publisher!.publish(EXCHANGES.retry, binding.queue, message.content, {
        ...message.properties,
        headers: { ...headers, [ATTEMPT_HEADER]: attempt + 1, [RETRY_DELAY_HEADER]: delayLabel(delay) },
      });
      return 'retried';
    }
    await this.options.deadLetters.record({
      queue: binding.queue,
      messageId: delivery?.messageId ?? null,
      type: delivery?.type ?? binding.routingKey,
      payload: delivery?.payload ?? message.content.toString('utf8').slice(0, 10_000),
      headers,
      correlationId: delivery?.correlationId ?? null,
      error: outcome.error,
      attempts: attempt,
    });
    await this.publisher!.publish(EXCHANGES.dead, binding.queue, message.content, { ...message.properties, headers });
    return 'dead_lettered';
  }
}

function deliveryOf(binding: ConsumerBinding, message: ConsumeMessage): Delivery | { error: string } {
  const { messageId, type, correlationId, headers } = message.properties;
  if (typeof messageId !== 'string' || !/^[0-9a-f-]{36}$/i.test(messageId)) return { error: 'the message has no message_id (a UUID)' };
  let payload: unknown;
  try {
    payload = JSON.parse(message.content.toString('utf8'));
  } catch {
    return { error: 'the body is not JSON' };
  }
  const attempt = Number(headers?.[ATTEMPT_HEADER] ?? 1);
  return {
    messageId,
    type: typeof type === 'string' ? type : binding.routingKey,
    consumer: binding.queue,
    payload,
    correlationId: typeof correlationId === 'string' ? correlationId : null,
    attempt: Number.isInteger(attempt) && attempt > 0 ? attempt : 1,
  };
}
