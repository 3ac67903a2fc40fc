import { envInt } from './cleanup';

export const ROWS = envInt('BENCH_ROWS', 100_000);
export const BATCH = envInt('BENCH_BATCH', 500);
export const WINDOW = 1_000;
export const PREFETCH = 200;
export const TIMEOUT_MS = envInt('BENCH_TIMEOUT_S', 600) * 1000;
export const ROUTING_KEY = 'bench.relay';
export const SINK = 'bench.relay.sink';
