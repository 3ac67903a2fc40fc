import { resolve } from 'node:path';
import { DEFAULT_QUEUE_TYPE, QUEUE_TYPES, QueueType } from '../amqp/topology';
import { EnvReader } from './env-reader';
import { Env } from './settings';

export type OutboxDispatchMode = 'direct' | 'broker';
export const DEFAULT_RETRY_SCHEDULE = '1s,5s,30s,2m,10m';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** What every Missive process reads: its identity, DATA_DIR, PostgreSQL, RabbitMQ and the outbox, its operations port, its logs. */
export class PlatformSettings {
  readonly serviceName: string;
  readonly version: string;
  readonly commit: string | undefined;
  readonly host: string;
  readonly opsPort: number;
  readonly dataDir: string;
  readonly databaseUrl: string;
  readonly databasePoolSize: number;
  readonly amqpUrl: string | undefined;
  readonly outboxDispatch: OutboxDispatchMode;
  readonly outboxBatchSize: number;
  readonly outboxPollIntervalMs: number;
  readonly outboxRetentionMs: number;
  readonly retryScheduleMs: readonly number[];
  readonly amqpPrefetch: number;
  readonly amqpQueueType: QueueType;
  readonly amqpDefinitionsFile: string;
  readonly logLevel: LogLevel;

  constructor(env: Env) {
    const read = new EnvReader(env);
    this.serviceName = read.string('SERVICE_NAME', 'missive');
    this.version = read.optionalString('APP_VERSION') ?? env.npm_package_version ?? '0.0.0';
    this.commit = read.optionalString('APP_COMMIT');
    this.host = read.string('HOST', '0.0.0.0');
    this.opsPort = read.int('OPS_PORT', 9464, 0, 65_535);
    this.dataDir = resolve(read.string('DATA_DIR', './.missive'));
    this.databaseUrl = read.url('DATABASE_URL', ['postgres', 'postgresql'], true) as string;
    this.databasePoolSize = read.int('DATABASE_POOL_SIZE', 10, 1, 500);
    this.amqpUrl = read.url('AMQP_URL', ['amqp', 'amqps'], false);
    this.outboxDispatch = read.oneOf('OUTBOX_DISPATCH', ['direct', 'broker'], this.amqpUrl ? 'broker' : 'direct');
    if (this.outboxDispatch === 'broker' && !this.amqpUrl) read.url('AMQP_URL', ['amqp', 'amqps'], true);
    this.outboxBatchSize = read.int('OUTBOX_BATCH_SIZE', 500, 1, 10_000);
    this.outboxPollIntervalMs = read.duration('OUTBOX_POLL_INTERVAL', '1s', 10);
    this.outboxRetentionMs = read.duration('OUTBOX_RETENTION', '7d', 60_000);
    this.retryScheduleMs = read.durations('RETRY_SCHEDULE', DEFAULT_RETRY_SCHEDULE, 10);
    this.amqpPrefetch = read.int('AMQP_PREFETCH', 200, 1, 65_535);
    this.amqpQueueType = read.oneOf('AMQP_QUEUE_TYPE', QUEUE_TYPES, DEFAULT_QUEUE_TYPE);
    this.amqpDefinitionsFile = resolve(read.string('AMQP_DEFINITIONS', 'rabbitmq/definitions.json'));
    this.logLevel = read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info');
  }
}
