import { envInt } from './cleanup';

export const MESSAGES = envInt('BENCH_MESSAGES', 200_000);
export const RATE = envInt('BENCH_RATE', 1_000);
export const DURATION_S = envInt('BENCH_DURATION_S', 10);
export const WARMUP_S = envInt('BENCH_WARMUP_S', 2, 0);
export const MAX_IN_FLIGHT = envInt('BENCH_MAX_IN_FLIGHT', 512);
export const TIMEOUT_MS = envInt('BENCH_TIMEOUT_S', 600) * 1000;
export const LATENCY = process.env.BENCH_LATENCY !== '0';
/** Settings handed to the apps when set in the bench's environment (otherwise the apps' defaults). */
export const PASSED_THROUGH = ['OUTBOX_BATCH_SIZE', 'OUTBOX_POLL_INTERVAL', 'AMQP_PREFETCH', 'DATABASE_POOL_SIZE', 'AMQP_QUEUE_TYPE'];
