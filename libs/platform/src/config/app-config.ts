import { resolve } from 'node:path';
import { DEFAULT_QUEUE_TYPE, QUEUE_TYPES, QueueType } from '../amqp/topology';
import { EnvReader } from './env-reader';

export type OutboxDispatchMode = 'direct' | 'broker';
export type StorageDriver = 'local' | 's3';
export const DEFAULT_RETRY_SCHEDULE = '1s,5s,30s,2m,10m';
export const DEFAULT_UPLOAD_ALLOWED_TYPES =
  'text/csv,text/tab-separated-values,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/pdf,image/*';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface S3Settings {
  endPoint: string;
  port: number;
  useSSL: boolean;
  accessKey: string;
  secretKey: string;
  bucket: string;
  region: string;
}

/** Every setting of every app, read once from the environment and validated (ARCHITECTURE.md section 8). */
export class AppConfig {
  readonly serviceName: string;
  readonly version: string;
  readonly commit: string | undefined;
  readonly host: string;
  readonly port: number;
  readonly opsPort: number;
  readonly trustProxy: boolean;
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
  readonly storageDriver: StorageDriver;
  readonly s3: S3Settings | undefined;
  readonly uploadMaxBytes: number;
  readonly uploadAllowedTypes: readonly string[];
  readonly jwtSecret: string;
  readonly accessTokenTtlMs: number;
  readonly refreshTokenTtlMs: number;
  readonly authRateLimitPerMinute: number;
  readonly adminEmails: readonly string[];
  readonly logLevel: LogLevel;

  constructor(env: Record<string, string | undefined>) {
    const read = new EnvReader(env);
    this.serviceName = read.string('SERVICE_NAME', 'missive');
    this.version = read.string('APP_VERSION', env.npm_package_version ?? '0.0.0');
    this.commit = read.optionalString('APP_COMMIT');
    this.host = read.string('HOST', '0.0.0.0');
    this.port = read.int('PORT', 3000, 0, 65_535);
    this.opsPort = read.int('OPS_PORT', 9464, 0, 65_535);
    this.trustProxy = read.bool('TRUST_PROXY', false);
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
    this.storageDriver = read.oneOf('STORAGE_DRIVER', ['local', 's3'], 'local');
    this.s3 = this.storageDriver === 's3' ? readS3(read) : undefined;
    this.uploadMaxBytes = read.byteSize('UPLOAD_MAX_SIZE', '100MiB', 1, 2 ** 40);
    this.uploadAllowedTypes = read.mediaTypes('UPLOAD_ALLOWED_TYPES', DEFAULT_UPLOAD_ALLOWED_TYPES);
    this.jwtSecret = read.secret('JWT_SECRET', 32);
    this.accessTokenTtlMs = read.duration('ACCESS_TOKEN_TTL', '15m', 10_000);
    this.refreshTokenTtlMs = read.duration('REFRESH_TOKEN_TTL', '30d', 60_000);
    this.authRateLimitPerMinute = read.int('AUTH_RATE_LIMIT_PER_MINUTE', 20, 1, 1_000_000);
    this.adminEmails = read.list('ADMIN_EMAILS').map((email) => email.toLowerCase());
    this.logLevel = read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info');
  }
}

function readS3(read: EnvReader): S3Settings {
  return {
    endPoint: read.string('S3_ENDPOINT'),
    port: read.int('S3_PORT', 9000, 1, 65_535),
    useSSL: read.bool('S3_USE_SSL', false),
    accessKey: read.string('S3_ACCESS_KEY'),
    secretKey: read.string('S3_SECRET_KEY'),
    bucket: read.string('S3_BUCKET', 'missive'),
    region: read.string('S3_REGION', 'us-east-1'),
  };
}
