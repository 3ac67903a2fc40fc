import { GateMessage } from '../../application/send-gate/send-gate';
import { TestClock } from '../../testing/in-memory-send-gate';
import { sendGateOnPostgres } from './send-gate.on-postgres';

/**
 * Two dispatcher replicas sending for one session: each admits its own messages and comes back when told to, the
 * bucket shared through PostgreSQL. Answers when each message was let through, by the gate's clock.
 */
async function twoReplicas(on: ReturnType<typeof sendGateOnPostgres>, messages: GateMessage[], sleep: (until: Date) => Promise<void>, done = () => {}) {
  const sentAt = new Map<string, number>();
  const replica = async (mine: GateMessage[]) => {
    let waiting = mine.map((message) => ({ message, until: on.clock.now() }));
    while (waiting.length) {
      const due = waiting.filter(({ until }) => until <= on.clock.now()).map(({ message }) => message);
      const verdicts = due.length ? await on.admit(due) : null;
      waiting = waiting.flatMap((entry) => {
        const decision = verdicts?.decisions.get(entry.message.messageId);
        if (!decision) return [entry];
        if (decision.go) sentAt.set(entry.message.messageId, on.clock.now().getTime());
        return decision.go ? [] : [{ message: entry.message, until: decision.until }];
      });
      if (waiting.length) await sleep(waiting.reduce((soonest, { until }) => (until < soonest ? until : soonest), waiting[0].until));
    }
    done();
  };
  await Promise.all([replica(messages.filter((_, index) => index % 2 === 0)), replica(messages.filter((_, index) => index % 2 === 1))]);
  return [...sentAt.values()].sort((a, b) => a - b);
}

/**
 * The replicas' clock: it moves only when every replica sleeps (or is done), to the soonest time one waits for, so
 * that what the replicas do at one instant they do at once, against the database, side by side.
 */
class SharedClock {
  private readonly sleepers: { until: Date; wake: () => void }[] = [];

  constructor(
    private readonly clock: TestClock,
    private awake: number,
  ) {}

  sleep(until: Date): Promise<void> {
    return new Promise<void>((wake) => {
      this.sleepers.push({ until, wake });
      this.awake -= 1;
      this.move();
    });
  }

  done(): void {
    this.awake -= 1;
    this.move();
  }

  private move(): void {
    if (this.awake > 0 || this.sleepers.length === 0) return;
    const soonest = this.sleepers.reduce((min, { until }) => (until < min ? until : min), this.sleepers[0].until);
    if (soonest > this.clock.time) this.clock.time = soonest;
    for (const sleeper of this.sleepers.filter(({ until }) => until <= this.clock.time)) {
      this.sleepers.splice(this.sleepers.indexOf(sleeper), 1);
      this.awake += 1;
      sleeper.wake();
    }
  }
}

describe('the send gate on PostgreSQL: token buckets', () => {
  const on = sendGateOnPostgres();

  it('lets 20 sends of one session at 60 a minute out over at least 19 s, never two within the jitter floor, from two replicas at once', async () => {
    const sessionId = await on.session('sms', { pace: { perMinute: 60, jitterMs: 400 } });
    const clock = new SharedClock(on.clock, 2);

    const times = await twoReplicas(on, on.gateMessages(sessionId, 20), (until) => clock.sleep(until), () => clock.done());

    expect(times).toHaveLength(20);
    expect(times.at(-1)! - times[0]).toBeGreaterThanOrEqual(19_000);
    const gaps = times.slice(1).map((time, index) => time - times[index]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1_000);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1_400 + 1);
    const slots: { count: string }[] = await on.db.query('SELECT count(*) AS count FROM messaging.send_slots WHERE session_id = $1', [sessionId]);
    expect(Number(slots[0].count)).toBe(0);
  });

  it('lets 20 sends at 600 a minute out over about 2 s of real time, from two replicas at once', async () => {
    const sessionId = await on.session('whatsapp', { pace: { perMinute: 600, jitterMs: 50 } });
    on.clock.time = new Date();
    const started = Date.now();

    const times = await twoReplicas(on, on.gateMessages(sessionId, 20, 'whatsapp'), async (until) => {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, until.getTime() - Date.now()) + 1));
      on.clock.time = new Date();
    });

    const elapsed = Date.now() - started;
    expect(times).toHaveLength(20);
    expect(elapsed).toBeGreaterThanOrEqual(1_900);
    expect(elapsed).toBeLessThan(6_000);
  });

  it('sends 10 under a daily cap of 10 and holds the other 5 until the next UTC day, when they go', async () => {
    on.clock.time = new Date('2026-12-03T15:00:00.000Z');
    const sessionId = await on.session('sms', { pace: { perMinute: 60_000, dailyCap: 10 } });
    const messages = on.gateMessages(sessionId, 15);

    const verdicts = await on.admit(messages);

    const decisions = messages.map(({ messageId }) => verdicts.decisions.get(messageId)!);
    expect(decisions.filter((decision) => decision.go)).toHaveLength(10);
    expect(decisions.filter((decision) => !decision.go)).toEqual(Array(5).fill({ go: false, until: new Date('2026-12-04T00:00:00.000Z'), reason: 'daily_cap', slotSessionId: null }));
    const outbox: { available_at: Date }[] = await on.db.query(
      `SELECT available_at FROM platform.outbox WHERE type = 'messaging.send-message' AND payload->>'message_id' = ANY($1::text[])`,
      [messages.map(({ messageId }) => messageId)],
    );
    expect(outbox.map(({ available_at }) => available_at.toISOString())).toEqual(Array(5).fill('2026-12-04T00:00:00.000Z'));

    on.clock.time = new Date('2026-12-04T00:00:01.000Z');
    const nextDay = await on.admit(messages.slice(10));
    expect([...nextDay.decisions.values()].every((decision) => decision.go)).toBe(true);
  });
});
