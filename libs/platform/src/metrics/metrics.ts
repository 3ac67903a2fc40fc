import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type ConsumeOutcome = 'done' | 'duplicate' | 'retried' | 'dead_lettered';
/** `sent`: the provider took it; `refused`: a final refusal (the message fails); `error`: a transient failure (retried). */
export type ProviderOutcome = 'sent' | 'refused' | 'error';

/** Every Prometheus metric of a Missive process, on a registry of its own (several apps may share a test process). */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'missive_http_requests_total',
    help: 'HTTP requests by method, route and status code.',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'missive_http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status code.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly published = new Counter({
    name: 'missive_outbox_published_total',
    help: 'Outbox rows published to RabbitMQ (broker mode) or handed to their consumers (direct mode), by type.',
    labelNames: ['type'],
    registers: [this.registry],
  });

  readonly outboxFailed = new Counter({
    name: 'missive_outbox_failed_total',
    help: 'Outbox rows whose direct-mode delivery failed, by type and result (retry or dead).',
    labelNames: ['type', 'result'],
    registers: [this.registry],
  });

  readonly relayBatch = new Histogram({
    name: 'missive_relay_batch_duration_seconds',
    help: 'Time to claim, dispatch and mark one outbox batch.',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });

  readonly consumed = new Counter({
    name: 'missive_messages_consumed_total',
    help: 'Messages taken by a consumer, by queue, type and outcome (done, duplicate, retried, dead_lettered).',
    labelNames: ['queue', 'type', 'outcome'],
    registers: [this.registry],
  });

  readonly handlerDuration = new Histogram({
    name: 'missive_handler_duration_seconds',
    help: 'Time a consumer spent on one message, inbox and transaction included, by queue.',
    labelNames: ['queue'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });

  readonly providerDuration = new Histogram({
    name: 'missive_provider_request_duration_seconds',
    help: 'Time a messenger provider (Telegram, WhatsApp, SMS, email, sandbox) took to answer one send, by messenger and outcome.',
    labelNames: ['messenger', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly sendRecoveries = new Counter({
    name: 'missive_send_recoveries_total',
    help: 'Messages a crash left sending, settled by the sweep, by messenger, recovery policy (lookup, resend, unknown) and outcome (sent, failed, resent, unknown).',
    labelNames: ['messenger', 'policy', 'outcome'],
    registers: [this.registry],
  });

  readonly messagesUnknown = new Counter({
    name: 'missive_messages_unknown_total',
    help: 'Messages marked unknown: a crash cut their provider call short and their messenger can neither be asked nor resend safely (at most once).',
    labelNames: ['messenger'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'missive_' });
  }

  /** Gauges whose value is read when Prometheus scrapes (e.g. the outbox backlog). */
  gauge(name: string, help: string, read: () => Promise<number>): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        this.set(await read());
      },
    });
  }

  // why: prom-client hashes the label object on every call; the dispatcher counts every message, so the
  // labelled children are looked up once per label set instead.
  private readonly children = new Map<string, { inc(): void } | { observe(value: number): void }>();

  consumedMessage(queue: string, type: string, outcome: ConsumeOutcome, seconds: number): void {
    this.child(`consumed\0${queue}\0${type}\0${outcome}`, () => this.consumed.labels({ queue, type, outcome })).inc();
    this.child(`handler\0${queue}`, () => this.handlerDuration.labels({ queue })).observe(seconds);
  }

  providerCall(messenger: string, outcome: ProviderOutcome, seconds: number): void {
    this.child(`provider\0${messenger}\0${outcome}`, () => this.providerDuration.labels({ messenger, outcome })).observe(seconds);
  }

  /** A message a crash left `sending`, settled by its messenger's recovery policy. */
  sendRecovered(messenger: string, policy: string, outcome: string): void {
    this.sendRecoveries.labels({ messenger, policy, outcome }).inc();
    if (outcome === 'unknown') this.messagesUnknown.labels({ messenger }).inc();
  }

  private child<T extends { inc(): void } | { observe(value: number): void }>(key: string, create: () => T): T {
    let child = this.children.get(key) as T | undefined;
    if (!child) this.children.set(key, (child = create()));
    return child;
  }
}
