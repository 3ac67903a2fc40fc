import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { round } from './broker';
import { MESSAGE_PATH, messageBody } from './http';
import { percentiles } from './results';

export const AUTOCANNON_VERSION = (JSON.parse(readFileSync(require.resolve('autocannon/package.json'), 'utf8')) as { version: string }).version;

export interface PostLoad {
  port: number;
  headers: Record<string, string>;
  connections: number;
  /** Stops after this many answers; without it, after `seconds`. */
  amount?: number;
  seconds?: number;
  /** Request i carries `messageBody(offset + i)`: every message its own text and number. */
  offset: number;
  /** Whatever the mode, the run stops here and is reported as cut short. */
  timeLimitMs: number;
  progressEveryS?: number;
}

/** POST /v1/messaging/message with autocannon: closed loop, one request at a time on each keep-alive connection. */
export async function postMessages(load: PostLoad) {
  let next = load.offset;
  const responseMs: number[] = [];
  let lastAnsweredAt = NaN;
  let cutShort = false;
  let stopper: NodeJS.Timeout | undefined;
  let progress: NodeJS.Timeout | undefined;
  const started = performance.now();
  try {
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: `http://127.0.0.1:${load.port}${MESSAGE_PATH}`,
          method: 'POST',
          headers: { 'content-type': 'application/json', ...load.headers },
          connections: load.connections,
          ...(load.amount ? { amount: load.amount } : { duration: load.seconds }),
          timeout: 10,
          requests: [
            {
              setupRequest: (request) => {
                request.body = JSON.stringify(messageBody(next++));
                return request;
              },
            },
          ],
        },
        (error: unknown, done) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(done)),
      );
      instance.on('response', (_client, _status, _bytes, ms) => {
        responseMs.push(ms);
        lastAnsweredAt = performance.now();
      });
      stopper = setTimeout(() => {
        cutShort = true;
        instance.stop();
      }, load.timeLimitMs);
      if (load.progressEveryS) {
        progress = setInterval(() => console.log(`  ${Math.round((performance.now() - started) / 1000)} s: ${responseMs.length.toLocaleString('en-US')} answered`), load.progressEveryS * 1000);
      }
    });
    return summarize(result, responseMs, (lastAnsweredAt - started) / 1000, cutShort);
  } finally {
    clearTimeout(stopper);
    clearInterval(progress);
  }
}

function summarize(result: autocannon.Result, responseMs: number[], answeringS: number, cutShort: boolean) {
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([status, { count }]) => [status, count ?? 0]));
  // why: autocannon notices the last answer only at its next 1 s sample, so `duration` can carry up to a second
  // of idle tail; the rate is taken from the first request to the last answer instead.
  const seconds = Number.isFinite(answeringS) && answeringS > 0 ? answeringS : result.duration;
  return {
    answered: result.requests.total,
    sent: result.requests.sent,
    seconds: round(seconds, 2),
    autocannon_duration_s: result.duration,
    per_second: Math.round(result['2xx'] / seconds),
    statuses,
    non_2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    cut_short_by_time_limit: cutShort,
    /** autocannon's HdrHistogram of every answer's time (ms); its percentiles have no p95, so p95 comes from the same per-answer times. */
    latency_ms: { p50: result.latency.p50, p95: percentiles(responseMs, [95]).p95, p99: result.latency.p99, max: result.latency.max },
    autocannon_latency_ms: result.latency,
    autocannon_requests_per_second_sampled: { mean: result.requests.mean, stddev: result.requests.stddev, min: result.requests.min, max: result.requests.max },
  };
}
