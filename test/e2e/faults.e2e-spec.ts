import amqplib from 'amqplib';
import { Pool } from 'pg';
import { SEND_MESSAGE_BATCH } from '@app/messaging/interface/amqp/send-message.consumer';
import { BATCHES_IN_FLIGHT } from '@app/platform';
import { uuidV7 } from '@app/shared-kernel';
import { freePort, runApp, within } from '../process';
import { isolatedDatabase } from '../test-database';
import { insertSendCommands, privateVhost, seedMessages, seedUser, until, Worker } from './fault-helpers';

const BROKER_URL = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const QUEUE = 'dispatcher.messaging.send-message';
const TAP = 'faults.tap';
const MESSAGES = 10_000;
const BATCH = 500;
const PREFETCH = 200;
const POOL = 10;
/** What one dispatcher has in hand at most: the batches in flight, within the prefetch. */
const IN_HAND = Math.min(PREFETCH, BATCHES_IN_FLIGHT * SEND_MESSAGE_BATCH);
const RETRY_SCHEDULE = '100ms,200ms';
/** A message a kill leaves `sending` is settled (the sandbox's policy: resent) this long after its attempt began. */
const SENDING_TIMEOUT = '10s';
/** The sandbox answers this recipient with a simulated outage, every time. */
const OUTAGE = 'sandbox:unavailable';

/**
 * The spine's promise under faults (ARCHITECTURE.md section 1): 10,000 messages in flight, the relay killed
 * mid-batch and the dispatcher mid-handler three times each, the broker connections dropped once; every
 * message ends sent, the provider accepts each once, and the duplicate calls it sees stay bounded.
 */
describe('the delivery spine under faults (broker mode, real processes)', () => {
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;
  let vhost: Awaited<ReturnType<typeof privateVhost>>;
  let db: Pool;
  let relay: Worker;
  let dispatcher: Worker;

  const count = async (sql: string, params: unknown[] = []) => Number((await db.query<{ n: string }>(sql, params)).rows[0].n);
  const log: string[] = [];
  const diagnose = () => [...log, ...[relay, dispatcher].map((worker) => worker.tail())].join('\n');
  const withChannel = async <T>(work: (channel: amqplib.Channel) => Promise<T>): Promise<T> => {
    const connection = await amqplib.connect(vhost.url);
    connection.on('error', () => undefined);
    try {
      return await work(await connection.createChannel());
    } finally {
      await connection.close();
    }
  };

  beforeAll(async () => {
    [database, vhost] = await Promise.all([isolatedDatabase(), privateVhost(BROKER_URL)]);
    db = new Pool({ connectionString: database.url, max: 4, application_name: 'missive-fault-test' });
    // why: a copy of every command the relay publishes, to count how many it published more than once.
    await withChannel(async (channel) => {
      await channel.assertExchange('missive.commands', 'direct', { durable: true });
      await channel.assertQueue(TAP, { durable: true, arguments: { 'x-queue-type': 'classic' } });
      await channel.bindQueue(TAP, 'missive.commands', 'messaging.send-message');
    });
    const env = {
      DATABASE_URL: database.url,
      AMQP_URL: vhost.url,
      JWT_SECRET: 'fault-test-secret-at-least-32-characters',
      LOG_LEVEL: 'warn',
      RETRY_SCHEDULE,
      OUTBOX_BATCH_SIZE: String(BATCH),
      AMQP_PREFETCH: String(PREFETCH),
      DATABASE_POOL_SIZE: String(POOL),
      OUTBOX_POLL_INTERVAL: '200ms',
      SENDING_TIMEOUT,
    };
    relay = new Worker('outbox-relay', env, await freePort());
    dispatcher = new Worker('dispatcher', env, await freePort());
  }, 60_000);

  afterAll(async () => {
    await Promise.all([relay?.stop(), dispatcher?.stop()]);
    await db?.end();
    await Promise.all([vhost?.delete(), database?.drop()]);
  }, 60_000);

  it('delivers 10,000 messages exactly once through kill -9s and a dropped broker connection', async () => {
    const started = Date.now();
    const owner = await seedUser(db);
    await seedMessages(db, owner, MESSAGES);
    const seconds = () => ((Date.now() - started) / 1000).toFixed(1);

    // why: two-phase send: a message is `sending` between its claim and its outcome, the provider call in between.
    const sendsInFlight = () => count(`SELECT count(*) AS n FROM messaging.messages WHERE status = 'sending'`);
    const relayBatch = () =>
      db
        .query<{ xact: string }>(
          `SELECT xact_start::text AS xact FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'missive-relay' AND state = 'idle in transaction'`,
        )
        .then(({ rows }) => rows[0]?.xact ?? null);
    const unpublishedCommands = () => count(`SELECT count(*) AS n FROM platform.outbox WHERE kind = 'command' AND published_at IS NULL`);
    const calls = () => count(`SELECT count(*) AS n FROM messaging.sandbox_calls`);

    // The relay: killed between publish and mark, while commands still wait: its claim transaction is open and
    // copies of the batch it is publishing have already reached the broker (the tap grew during this transaction).
    const relayFaults = () =>
      withChannel(async (channel) => {
        for (let kill = 1; kill <= 3; kill++) {
          let batch: { xact: string; tapped: number } | null = null;
          const publishedNotMarked = async () => {
            const xact = await relayBatch();
            if (!xact) return false;
            const tapped = (await channel.checkQueue(TAP)).messageCount;
            if (batch?.xact !== xact) batch = { xact, tapped };
            return tapped > batch.tapped && (await unpublishedCommands()) > BATCH;
          };
          await until(publishedNotMarked, `relay kill ${kill} between publish and mark`, 60_000, diagnose, 1);
          await relay.kill9();
          const atBroker = (await channel.checkQueue(TAP)).messageCount - batch!.tapped;
          log.push(`${seconds()}s relay kill ${kill}: ${await unpublishedCommands()} commands unmarked, ${atBroker}+ of its batch at the broker`);
          await relay.start();
        }
      });
    // The dispatcher: killed mid-call (messages claimed, their outcome not written), after some progress since its last start.
    const dispatcherFaults = async (relayDone: Promise<void>) => {
      for (let kill = 1; kill <= 3; kill++) {
        const from = await calls();
        let inFlight = 0;
        await until(async () => (await calls()) > from + 300 && (inFlight = await sendsInFlight()) > 0, `dispatcher kill ${kill} mid-call`, 60_000, diagnose, 1);
        await dispatcher.kill9();
        log.push(`${seconds()}s dispatcher kill ${kill}: ${inFlight} messages sending, ${await calls()} sandbox calls so far`);
        await dispatcher.start();
        if (kill === 2) {
          await relayDone;
          const before = await calls();
          await until(async () => (await calls()) > before + 300, 'progress before the broker drop', 60_000, diagnose);
          await vhost.dropConnections('fault test');
          log.push(`${seconds()}s broker connections dropped (${await calls()} sandbox calls so far)`);
        }
      }
    };
    await Promise.all([dispatcher.start(), relay.start()]);
    const relayDone = relayFaults();
    await Promise.all([relayDone, dispatcherFaults(relayDone.catch(() => undefined))]);

    const sent = () => count(`SELECT count(*) AS n FROM messaging.messages WHERE owner_id = $1 AND status = 'sent'`, [owner]);
    await until(async () => (await sent()) === MESSAGES, `all ${MESSAGES} messages sent`, 210_000 - (Date.now() - started), diagnose, 250);
    await until(async () => (await count(`SELECT count(*) AS n FROM platform.outbox WHERE published_at IS NULL`)) === 0, 'an empty outbox', 15_000, diagnose);
    const elapsed = seconds();

    // Every message sent once, none left sending past the sweep, its history never regressed (a message a kill cut short
    // was resent: one more sending/retrying pair per such attempt), its provider id the sandbox's one delivery.
    expect(await count(`SELECT count(*) AS n FROM messaging.messages WHERE status <> 'sent'`)).toBe(0);
    const histories = `SELECT string_agg(e.status, ',' ORDER BY e.seq) AS h, count(*) FILTER (WHERE e.status = 'sending') AS tries, min(m.attempts) AS attempts
                         FROM messaging.message_events e JOIN messaging.messages m ON m.id = e.message_id GROUP BY e.message_id`;
    expect(await count(`SELECT count(*) AS n FROM (${histories}) e WHERE h ~ '^queued(,sending,retrying)*,sending,sent$' AND tries = attempts`)).toBe(MESSAGES);
    const resent = await count(`SELECT count(*) AS n FROM messaging.messages WHERE attempts > 1`);
    expect(await count(`SELECT count(*) AS n FROM messaging.sandbox_deliveries`)).toBe(MESSAGES);
    expect(
      await count(`SELECT count(*) AS n FROM messaging.messages m JOIN messaging.sandbox_deliveries d ON d.message_id = m.id AND d.provider_message_id = m.provider_message_id`),
    ).toBe(MESSAGES);
    // Nothing left, nothing dead: the send commands and the message-sent events they produced are all published.
    expect(await count(`SELECT count(*) AS n FROM platform.outbox WHERE published_at IS NULL OR dead_at IS NOT NULL`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM platform.outbox WHERE type = 'messaging.message.sent.v1'`)).toBe(MESSAGES);
    expect(await count(`SELECT count(*) AS n FROM platform.dead_letters`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM platform.inbox WHERE consumer = $1`, [QUEUE])).toBe(MESSAGES + (await count(`SELECT coalesce(sum(attempts - 1), 0) AS n FROM messaging.messages`)));

    const published = await withChannel(async (channel) => (await channel.checkQueue(TAP)).messageCount);
    const totalCalls = await calls();
    const duplicates = await count(`SELECT count(*) AS n FROM messaging.sandbox_calls WHERE duplicate`);
    const kills = relay.kills + dispatcher.kills;
    const bound = (kills + 1) * (BATCH + PREFETCH);
    console.log(
      `faults: ${MESSAGES} messages sent in ${elapsed}s; kill -9: relay ${relay.kills}, dispatcher ${dispatcher.kills}; broker connections dropped once; ` +
        `commands published ${published} (${published - MESSAGES} again after a kill or for a resend); messages resent after a kill cut their call short ${resent}; ` +
        `sandbox calls ${totalCalls}, duplicate calls ${duplicates} (bounds: ${bound} by (kills + 1) × (batch + prefetch), ${dispatcher.kills * IN_HAND} by dispatcher kills × messages in hand)\n${log.join('\n')}`,
    );
    expect(relay.crashes.concat(dispatcher.crashes)).toEqual([]);
    expect(relay.kills).toBe(3);
    expect(dispatcher.kills).toBe(3);
    expect(published).toBeGreaterThan(MESSAGES);
    expect(duplicates).toBeGreaterThanOrEqual(0);
    expect(duplicates).toBeLessThanOrEqual(bound);
    // why: a call is made again only for a message a dispatcher kill left `sending` (resent by the sweep): at most the
    // batches in flight, within the prefetch, per kill.
    expect(resent).toBeLessThanOrEqual(dispatcher.kills * IN_HAND);
    expect(totalCalls - MESSAGES).toBeLessThanOrEqual(dispatcher.kills * IN_HAND);
    expect(duplicates).toBeLessThanOrEqual(totalCalls - MESSAGES);
  }, 240_000);

  it('dead-letters poison messages after their attempts, with their error, without blocking the others; replay brings them back', async () => {
    await Promise.all([relay.alive || relay.start(), dispatcher.alive || dispatcher.start()]);
    const owner = await seedUser(db);
    // Two poisons: a send for a message that does not exist (a DomainError: final at once), and one to the
    // sandbox's outage recipient (a plain Error on every attempt: retried on RETRY_SCHEDULE, then dead).
    const missing = uuidV7();
    await insertSendCommands(db, [missing]);
    const [failing] = await seedMessages(db, owner, 1, () => OUTAGE);
    const others = await seedMessages(db, owner, 200);

    const letters = () =>
      db
        .query<{ id: string; queue: string; message_id: string; payload: { message_id: string }; error: string; attempts: number; replayed_at: Date | null }>(
          `SELECT id, queue, message_id, payload, error, attempts, replayed_at FROM platform.dead_letters ORDER BY id`,
        )
        .then(({ rows }) => rows);
    const sentOf = (ids: string[]) => count(`SELECT count(*) AS n FROM messaging.messages WHERE id = ANY($1::uuid[]) AND status = 'sent'`, [ids]);
    const callsFor = (id: string) => count(`SELECT count(*) AS n FROM messaging.sandbox_calls WHERE message_id = $1`, [id]);
    const settled = async () => (await count(`SELECT count(*) AS n FROM platform.outbox WHERE published_at IS NULL`)) === 0;
    await until(async () => (await letters()).length === 2 && (await sentOf(others)) === others.length && (await settled()), 'two dead letters, the others sent', 30_000, diagnose);

    const first = new Map((await letters()).map((letter) => [letter.payload.message_id, letter]));
    expect(first.get(missing)).toMatchObject({ queue: QUEUE, attempts: 1, error: `MessageNotFound: No message ${missing}.` });
    expect(first.get(failing)).toMatchObject({ queue: QUEUE, attempts: 3, error: expect.stringContaining('SandboxOutage') });
    expect(await callsFor(failing)).toBe(3);
    expect(await count(`SELECT count(*) AS n FROM messaging.sandbox_deliveries WHERE message_id = $1`, [failing])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM platform.outbox WHERE dead_at IS NOT NULL`)).toBe(0);

    // In RabbitMQ: both in the .dlq, with the last error and the attempt in their headers.
    const dead = await withChannel(async (channel) => {
      const found: amqplib.GetMessage[] = [];
      for (let message = await channel.get(`${QUEUE}.dlq`); message; message = await channel.get(`${QUEUE}.dlq`)) found.push(message);
      channel.ackAll();
      return new Map(found.map(({ properties, content }) => [JSON.parse(content.toString()).message_id as string, { id: properties.messageId, headers: properties.headers }]));
    });
    expect(dead.size).toBe(2);
    expect(dead.get(missing)).toMatchObject({ id: first.get(missing)!.message_id, headers: { 'x-last-error': `MessageNotFound: No message ${missing}.`, 'x-attempt': 1 } });
    expect(dead.get(failing)).toMatchObject({ id: first.get(failing)!.message_id, headers: { 'x-last-error': expect.stringContaining('SandboxOutage'), 'x-attempt': 3 } });

    // The operator creates the missing message, then replays both (npm run dead-letters -- replay <id>).
    await db.query(
      `INSERT INTO messaging.messages (id, owner_id, messenger, "to", text, status, attempts, created_at) VALUES ($1, $2, 'sandbox', '+15550199', 'late', 'queued', 0, now())`,
      [missing, owner],
    );
    await db.query(`INSERT INTO messaging.message_events (owner_id, message_id, seq, status, at) VALUES ($2, $1, 0, 'queued', now())`, [missing, owner]);
    for (const letter of first.values()) {
      const cli = runApp('cli', ['dead-letters', 'replay', letter.id], { DATABASE_URL: database.url, LOG_LEVEL: 'warn' });
      const { code } = await within(cli.exited, 30_000, 'dead-letters replay');
      expect({ code, output: cli.output() }).toMatchObject({ code: 0, output: expect.stringContaining(`replayed ${letter.id}`) });
    }
    // The one whose cause is gone is sent; the one still refused goes through its attempts again and back to the DLQ.
    await until(async () => (await sentOf([missing])) === 1 && (await letters()).length === 3 && (await settled()), 'the replays handled', 30_000, diagnose);
    expect(await count(`SELECT count(*) AS n FROM messaging.sandbox_deliveries WHERE message_id = $1`, [missing])).toBe(1);
    expect(await callsFor(failing)).toBe(6);
    const after = await letters();
    expect(after.filter((letter) => letter.replayed_at !== null).map((letter) => letter.id).sort()).toEqual([...first.values()].map((letter) => letter.id).sort());
    expect(after.find((letter) => letter.replayed_at === null)).toMatchObject({ payload: { message_id: failing }, attempts: 3 });
    expect(relay.crashes.concat(dispatcher.crashes)).toEqual([]);
  }, 90_000);
});
