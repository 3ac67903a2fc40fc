import { Client } from 'pg';
import { freePort } from '../../libs/platform/src/net/free-port';
import { App, assertAlive, startApp, waitForOk } from './apps';
import { round } from './broker';
import { sleep } from './cleanup';
import { cpuProfile } from './cpu-profile';
import { pipelineMetrics, scrape, total } from './metrics';
import { MESSAGES, TIMEOUT_MS } from './pipeline-settings';

interface Progress {
  at_s: number;
  sent: number;
}

/** Messages the dispatcher has finished (its /metrics counter, after commit and ack); null without /metrics. */
async function handledSoFar(opsPort: number): Promise<number | null> {
  const metrics = await scrape(opsPort);
  return metrics ? total(metrics, 'missive_messages_consumed_total', 'queue="dispatcher.messaging.send-message"') : null;
}

async function sentSoFar(client: Client): Promise<{ sent: number; failed: number }> {
  const { rows } = await client.query<{ sent: number; failed: number }>(
    `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*) FILTER (WHERE status = 'failed')::int AS failed FROM messaging.messages`,
  );
  return rows[0];
}

/** Waits until no outbox row is left to publish (the `messaging.message.sent.v1` events the dispatcher wrote). */
export async function outboxDrained(client: Client, timeoutMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const { rows } = await client.query<{ pending: number }>('SELECT count(*)::int AS pending FROM platform.outbox WHERE published_at IS NULL AND dead_at IS NULL');
    if (rows[0].pending === 0) return round((performance.now() - started) / 1000, 1);
    if (performance.now() - started > timeoutMs) throw new Error(`${rows[0].pending} outbox rows still unpublished after ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

/**
 * The dispatcher, then the relay (the clock starts), until every queued message is `sent`: msg/s against the
 * broker's ceiling, CPU and database work per message, and the counts that check each message went out once.
 */
export async function throughputRun(env: Record<string, string>, apps: App[], client: Client, databaseName: string, ceilingPerSecond: number) {
  const dispatcherOps = await freePort();
  const dispatcher = startApp('dispatcher', [], { ...env, OPS_PORT: String(dispatcherOps) });
  apps.push(dispatcher);
  await waitForOk(`http://127.0.0.1:${dispatcherOps}/health/ready`, dispatcher);

  console.log('dispatcher up; starting the relay: the clock starts now');
  const relayOps = await freePort();
  const timeline: Progress[] = [];
  let relayReadyS = NaN;
  const t0 = Date.now();
  const relay = startApp('outbox-relay', [], { ...env, OPS_PORT: String(relayOps) });
  apps.push(relay);
  void waitForOk(`http://127.0.0.1:${relayOps}/health/ready`, relay, 60_000).then(
    () => (relayReadyS = (Date.now() - t0) / 1000),
    () => undefined,
  );
  const drain = await cpuProfile(client, databaseName, () => apps, async () => {
    let lastPrint = 0;
    for (;;) {
      assertAlive(dispatcher, relay);
      // why: the dispatcher's own counter costs the database nothing; SQL only confirms once it says all are done.
      const handled = await handledSoFar(dispatcherOps);
      const { sent, failed } = handled === null || handled >= MESSAGES ? await sentSoFar(client) : { sent: handled, failed: 0 };
      const at = (Date.now() - t0) / 1000;
      timeline.push({ at_s: round(at, 1), sent });
      if (at - lastPrint >= 10) {
        lastPrint = at;
        console.log(`  ${at.toFixed(0).padStart(4)} s: ${sent.toLocaleString('en-US')} sent${failed ? `, ${failed} failed` : ''}`);
      }
      if (sent + failed >= MESSAGES) return { sent, failed };
      if (Date.now() - t0 > TIMEOUT_MS) throw new Error(`only ${sent} of ${MESSAGES} sent after ${TIMEOUT_MS / 1000} s`);
      await sleep(1_000);
    }
  });
  const { rows: times } = await client.query<{ first: Date; last: Date; sent: number }>(
    `SELECT min(at) AS first, max(at) AS last, count(*)::int AS sent FROM messaging.message_events WHERE status = 'sent'`,
  );
  const firstSentS = (times[0].first.getTime() - t0) / 1000;
  const lastSentS = (times[0].last.getTime() - t0) / 1000;
  const eventsDrainedAfterS = await outboxDrained(client, 120_000);
  const appMetrics = await pipelineMetrics(relayOps, dispatcherOps);
  const { rows: counts } = await client.query<Record<string, number>>(`
    SELECT (SELECT count(*) FROM messaging.messages WHERE status = 'sent')::int AS messages_sent,
           (SELECT count(*) FROM messaging.sandbox_deliveries)::int AS sandbox_deliveries,
           (SELECT count(*) FROM messaging.sandbox_calls)::int AS sandbox_calls,
           (SELECT count(*) FROM messaging.sandbox_calls WHERE duplicate)::int AS duplicate_calls,
           (SELECT count(*) FROM platform.dead_letters)::int AS dead_letters,
           (SELECT count(*) FROM platform.outbox WHERE published_at IS NOT NULL)::int AS outbox_published`);
  const throughput = {
    messages: MESSAGES,
    relay_ready_s: round(relayReadyS, 2),
    first_sent_s: round(firstSentS, 2),
    last_sent_s: round(lastSentS, 2),
    /** The headline: from the relay's start (its boot included) to the last `sent`. */
    per_second: Math.round(MESSAGES / lastSentS),
    /** From the first `sent` to the last: the steady rate, without the relay's boot. */
    per_second_first_to_last_sent: Math.round(MESSAGES / (lastSentS - firstSentS)),
    ceiling_per_second: ceilingPerSecond,
    vs_ceiling: round(MESSAGES / lastSentS / ceilingPerSecond, 2),
    vs_target: round(MESSAGES / lastSentS / 10_000, 2),
    sent_events_published_after_last_sent_s: eventsDrainedAfterS,
    cpu_seconds_during_drain: drain.cpu,
    /** The same, per message: less sensitive than rates to whatever else the box was doing. */
    cpu_ms_per_message: Object.fromEntries(
      Object.entries(drain.cpu)
        .filter(([name]) => !name.startsWith('whole machine'))
        .map(([name, seconds]) => [name, round((seconds * 1000) / MESSAGES, 2)]),
    ),
    /** pg_stat_database during the drain, per message: commits, rows scanned (tup_returned) and fetched by index (tup_fetched). */
    database_per_message: Object.fromEntries(Object.entries(drain.database_activity).map(([key, value]) => [key, round(value / MESSAGES, 1)])),
    /** From the relay's and the dispatcher's own /metrics, scraped after the drain (the sent events included). */
    app_metrics: appMetrics,
    counts: counts[0],
    timeline_every_10_percent: MESSAGES >= 10 ? tenths(timeline) : timeline,
  };
  const throughputOk = counts[0].messages_sent === MESSAGES && counts[0].sandbox_deliveries === MESSAGES && counts[0].dead_letters === 0;
  console.log(`  all ${MESSAGES.toLocaleString('en-US')} sent ${lastSentS.toFixed(1)} s after the relay started: ${throughput.per_second.toLocaleString('en-US')} msg/s`);
  return { throughput, ok: throughputOk };
}

function tenths(timeline: Progress[]): Progress[] {
  const points: Progress[] = [];
  for (let tenth = 1; tenth <= 10; tenth++) {
    const point = timeline.find(({ sent }) => sent >= (MESSAGES * tenth) / 10);
    if (point) points.push(point);
  }
  return points;
}
