import amqplib from 'amqplib';
import { PlatformSettings } from '../../libs/platform/src/config/platform.settings';
import { confirmChannel, connectAmqp } from '../../libs/platform/src/amqp/amqp-connection';
import { messageProperties } from '../../libs/platform/src/amqp/message-properties';
import { EXCHANGES, Topology } from '../../libs/platform/src/amqp/topology';
import { BrokerDispatch } from '../../libs/platform/src/outbox/relay/broker-dispatch';
import { DispatchResult, OutboxDispatch, OutboxRow } from '../../libs/platform/src/outbox/relay/outbox-row';
import { createRelay } from '../../libs/platform/src/outbox/relay/relay-runner';
import { QUEUE_ARGUMENTS, rate, Rate, round } from './broker';
import { within } from './cleanup';
import { connect, settle } from './database';
import { profileQueries, relayQueryKind } from './query-profile';
import { explain, MISSIVE_CLAIM } from './relay-claims';
import { BATCH, ROUTING_KEY, SINK, TIMEOUT_MS } from './relay-settings';
import { percentiles } from './results';
import { BENCH_JWT_SECRET } from './scratch';

/** Where Missive's commands go, plus a scratch queue that takes the bench's routing key. */
const SINK_TOPOLOGY: Topology = {
  exchanges: [
    { name: EXCHANGES.commands, type: 'direct' },
    { name: EXCHANGES.events, type: 'topic' },
  ],
  queues: [{ name: SINK, arguments: QUEUE_ARGUMENTS }],
  bindings: [{ source: EXCHANGES.commands, destination: SINK, routingKey: ROUTING_KEY, arguments: {} }],
};

/** Wraps the real dispatch to time it (publish + confirms), nothing more. */
class TimedDispatch extends OutboxDispatch {
  readonly samples: number[] = [];
  constructor(private readonly inner: OutboxDispatch) {
    super();
  }

  async dispatch(rows: OutboxRow[]): Promise<DispatchResult[]> {
    const started = performance.now();
    try {
      return await this.inner.dispatch(rows);
    } finally {
      this.samples.push(performance.now() - started);
    }
  }
}

export interface DrainRun {
  rate: Rate;
  batches: number;
  /** Milliseconds by step, summed over the run. */
  profile: Record<string, { count: number; total_ms: number; share: string; per_batch_ms: Record<string, number> }>;
  /** The claim's mean time in the first and the last tenth of the batches: does it slow down as the table drains? */
  claim_trend_ms: { first_tenth: number; last_tenth: number };
  explain_claim_full_table: string[];
}

// why: Missive's relay keeps batches in flight side by side, so its steps overlap and their sum can exceed the wall time;
// shares are then of the summed step time, and the last row says by how much the steps overlapped.
function summarize(totalMs: number, steps: Map<string, { count: number; ms: number; samples: number[] }>, batches: number): DrainRun['profile'] {
  const profile: DrainRun['profile'] = {};
  const accounted = [...steps.values()].reduce((sum, { ms }) => sum + ms, 0);
  const base = Math.max(totalMs, accounted);
  for (const [step, { count, ms, samples }] of steps) {
    profile[step] = { count, total_ms: Math.round(ms), share: `${round((100 * ms) / base)}%`, per_batch_ms: percentiles(samples) };
  }
  if (accounted > totalMs) {
    profile[`overlap: steps summed ÷ wall time = ${round(accounted / totalMs, 2)}`] = { count: batches, total_ms: Math.round(accounted - totalMs), share: '', per_batch_ms: {} };
  } else {
    profile['rest (pool, JS, row mapping)'] = { count: batches, total_ms: Math.round(totalMs - accounted), share: `${round((100 * (totalMs - accounted)) / totalMs)}%`, per_batch_ms: {} };
  }
  return profile;
}

function trend(samples: number[]): DrainRun['claim_trend_ms'] {
  const tenth = Math.max(1, Math.floor(samples.length / 10));
  const mean = (values: number[]) => round(values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length), 2);
  return { first_tenth: mean(samples.slice(0, tenth)), last_tenth: mean(samples.slice(-tenth - 1, -1)) };
}

/** (a) The bare loop. */
export async function bareDrain(databaseUrl: string, amqpUrl: string, claimSql: string): Promise<DrainRun> {
  const client = await connect(databaseUrl, 'missive-bench-bare');
  const explained = await explain(client, claimSql);
  await settle(client, ['platform.outbox']);
  const connection = await amqplib.connect(amqpUrl, { clientProperties: { connection_name: 'missive-bench-bare' } });
  const channel = await connection.createConfirmChannel();
  const profile = profileQueries(relayQueryKind);
  const publishSamples: number[] = [];
  let drained = 0;
  let batches = 0;
  const started = performance.now();
  try {
    for (;;) {
      if (performance.now() - started > TIMEOUT_MS) throw new Error(`the bare drain took over ${TIMEOUT_MS / 1000} s`);
      await client.query('BEGIN');
      const { rows } = await client.query<OutboxRow>(claimSql, [BATCH]);
      if (rows.length === 0) {
        await client.query('COMMIT');
        break;
      }
      const publishing = performance.now();
      for (const row of rows) {
        channel.publish(
          EXCHANGES.commands,
          row.routing_key,
          Buffer.from(JSON.stringify(row.payload)),
          messageProperties({ id: row.id, type: row.type, correlationId: row.correlation_id, createdAt: row.created_at, headers: row.headers }),
        );
      }
      await channel.waitForConfirms();
      publishSamples.push(performance.now() - publishing);
      await client.query('UPDATE platform.outbox SET published_at = now() WHERE id = ANY($1::uuid[])', [rows.map((row) => row.id)]);
      await client.query('COMMIT');
      drained += rows.length;
      batches += 1;
    }
  } finally {
    profile.stop();
    await connection.close().catch(() => undefined);
    await client.end();
  }
  const ms = performance.now() - started;
  profile.totals.set('publish + confirms', { count: publishSamples.length, ms: publishSamples.reduce((a, b) => a + b, 0), samples: publishSamples });
  const claims = profile.totals.get('claim (SELECT … FOR UPDATE SKIP LOCKED)')?.samples ?? [];
  return { rate: rate(drained, ms), batches, profile: summarize(ms, profile.totals, batches), claim_trend_ms: trend(claims), explain_claim_full_table: explained };
}

/** (b) Missive's relay, composed as the outbox-relay app composes it, draining everything due. */
export async function missiveDrain(databaseUrl: string, amqpUrl: string): Promise<DrainRun> {
  const client = await connect(databaseUrl, 'missive-bench-explain');
  const explained = await explain(client, MISSIVE_CLAIM);
  await settle(client, ['platform.outbox']);
  await client.end();
  const config = new PlatformSettings({
    DATABASE_URL: databaseUrl,
    AMQP_URL: amqpUrl,
    OUTBOX_DISPATCH: 'broker',
    OUTBOX_BATCH_SIZE: String(BATCH),
    JWT_SECRET: BENCH_JWT_SECRET,
    LOG_LEVEL: 'warn',
  });
  const connection = connectAmqp(amqpUrl, 'missive-bench-relay');
  const broker = new BrokerDispatch(confirmChannel(connection, SINK_TOPOLOGY));
  await within(broker.ready(), 30_000, 'connecting the relay to RabbitMQ');
  const dispatch = new TimedDispatch(broker);
  let batches = 0;
  const runtime = createRelay(config, dispatch, () => (batches += 1));
  const profile = profileQueries(relayQueryKind);
  const started = performance.now();
  let drained: number;
  try {
    drained = await within(runtime.relay.drainAll(), TIMEOUT_MS, "Missive's relay drain");
  } finally {
    profile.stop();
    await runtime.close();
    await connection.close();
  }
  const ms = performance.now() - started;
  profile.totals.set('publish + confirms', { count: dispatch.samples.length, ms: dispatch.samples.reduce((a, b) => a + b, 0), samples: dispatch.samples });
  const claims = profile.totals.get('claim (SELECT … FOR UPDATE SKIP LOCKED)')?.samples ?? [];
  return { rate: rate(drained, ms), batches, profile: summarize(ms, profile.totals, batches), claim_trend_ms: trend(claims), explain_claim_full_table: explained };
}
