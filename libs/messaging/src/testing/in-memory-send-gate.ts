import { Provider } from '@nestjs/common';
import { BucketGrant, BucketRequest, SendBuckets } from '../application/ports/send-buckets';
import { Deferral, SendDeferrals } from '../application/ports/send-deferrals';
import { HoldReason, SendGateMetrics } from '../application/ports/send-gate-metrics';
import { BreakerState, CLOSED_BREAKER, SessionBreakers } from '../application/ports/session-breakers';
import { SessionSending, SessionSendingChanges, SessionSendingSettings } from '../application/ports/session-sending';
import { SessionSendGate } from '../application/send-gate/send-gate';
import { SendGatePolicy } from '../application/send-gate/send-gate.policy';
import { InMemorySenderSessions } from './in-memory-senders';

/** The sending settings of the sessions of an in-memory `SenderSessions`: no own pace and no fallback until set. */
export class InMemorySessionSending extends SessionSendingSettings {
  readonly changes = new Map<string, SessionSendingChanges>();

  constructor(private readonly senders: InMemorySenderSessions) {
    super();
  }

  async findMany(sessionIds: readonly string[]): Promise<Map<string, SessionSending>> {
    return new Map(sessionIds.flatMap((id) => (this.sending(id) ? [[id, this.sending(id)!] as const] : [])));
  }

  async find(ownerId: string, sessionId: string): Promise<SessionSending | null> {
    const found = this.sending(sessionId);
    return found?.ownerId === ownerId ? found : null;
  }

  async change(_ownerId: string, sessionId: string, changes: SessionSendingChanges): Promise<void> {
    this.changes.set(sessionId, { ...this.changes.get(sessionId), ...changes });
  }

  private sending(id: string): SessionSending | null {
    const state = this.senders.sessions.get(id);
    if (!state) return null;
    const { pace = null, fallbackSessionId = null } = this.changes.get(id) ?? {};
    return { id, ownerId: state.session.ownerId, messenger: state.session.messenger, status: state.status, pace, fallbackSessionId };
  }
}

/** Token buckets in memory, with the same arithmetic as the SQL one (no daily cap). */
export class InMemorySendBuckets extends SendBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  async reserve(sessionId: string, { rate, capacity, jitterCosts, at }: BucketRequest): Promise<BucketGrant> {
    const bucket = this.buckets.get(sessionId) ?? { tokens: capacity, at: at.getTime() };
    const available = Math.min(capacity, bucket.tokens + rate * Math.max(0, at.getTime() - bucket.at));
    const granted = jitterCosts.length;
    this.buckets.set(sessionId, { tokens: available - granted - (jitterCosts[granted - 1] ?? 0), at: Math.max(bucket.at, at.getTime()) });
    return { available, granted };
  }
}

/** Circuit breakers in memory, with the same rules as the SQL ones. */
export class InMemorySessionBreakers extends SessionBreakers {
  readonly breakers = new Map<string, BreakerState>();

  async states(sessionIds: readonly string[]): Promise<Map<string, BreakerState>> {
    return new Map(sessionIds.flatMap((id) => (this.breakers.has(id) ? [[id, this.breakers.get(id)!] as const] : [])));
  }

  async claimProbe(sessionId: string, at: Date, cooldownMs: number): Promise<boolean> {
    const breaker = this.breakers.get(sessionId) ?? CLOSED_BREAKER;
    const since = breaker.state === 'open' ? breaker.openedAt : breaker.state === 'half_open' ? breaker.probeAt : null;
    if (!since || since.getTime() + cooldownMs > at.getTime()) return false;
    this.breakers.set(sessionId, { ...breaker, state: 'half_open', probeAt: at });
    return true;
  }

  async record(sessionId: string, answered: number, retryable: number, at: Date, threshold: number): Promise<void> {
    const breaker = this.breakers.get(sessionId) ?? CLOSED_BREAKER;
    if (answered > 0) return void this.breakers.set(sessionId, CLOSED_BREAKER);
    const failures = breaker.failures + retryable;
    const opens = breaker.state === 'half_open' || (breaker.state === 'closed' && failures >= threshold);
    this.breakers.set(sessionId, { ...breaker, failures, state: opens ? 'open' : breaker.state, openedAt: opens ? at : breaker.openedAt });
  }
}

/** The held messages, in order; slots kept by message id. */
export class InMemorySendDeferrals extends SendDeferrals {
  readonly deferred: Deferral[] = [];
  private readonly slots = new Map<string, { sessionId: string; due: Date }>();

  async defer(deferrals: readonly Deferral[]): Promise<void> {
    this.deferred.push(...deferrals);
    for (const { messageId, slotSessionId, until } of deferrals) if (slotSessionId) this.slots.set(messageId, { sessionId: slotSessionId, due: until });
  }

  async takeDueSlots(messageIds: readonly string[], at: Date): Promise<Map<string, string>> {
    const due = new Map<string, string>();
    for (const id of messageIds) {
      const slot = this.slots.get(id);
      if (slot && slot.due <= at) {
        due.set(id, slot.sessionId);
        this.slots.delete(id);
      }
    }
    return due;
  }
}

export class CountingSendGateMetrics extends SendGateMetrics {
  readonly counts = new Map<string, number>();

  held(messenger: string, reason: HoldReason, count: number): void {
    this.add(`held ${messenger} ${reason}`, count);
  }

  failedOver(messenger: string, count: number): void {
    this.add(`failed over ${messenger}`, count);
  }

  private add(key: string, count: number): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + count);
  }
}

/** A clock the test moves. */
export class TestClock {
  constructor(public time = new Date('2026-12-02T10:00:00.000Z')) {}

  readonly now = () => new Date(this.time);

  advance(ms: number): void {
    this.time = new Date(this.time.getTime() + ms);
  }
}

/** The send gate on in-memory fakes of its ports, for a testing module (`MessengerRegistry` comes from the caller). */
export function inMemorySendGate(senders: InMemorySenderSessions, clock = new TestClock(), policy = { breakerFailures: 3, breakerCooldownMs: 30_000 }) {
  const fakes = {
    settings: new InMemorySessionSending(senders),
    buckets: new InMemorySendBuckets(),
    breakers: new InMemorySessionBreakers(),
    deferrals: new InMemorySendDeferrals(),
    metrics: new CountingSendGateMetrics(),
    clock,
  };
  const providers: Provider[] = [
    SessionSendGate,
    { provide: SessionSendingSettings, useValue: fakes.settings },
    { provide: SendBuckets, useValue: fakes.buckets },
    { provide: SessionBreakers, useValue: fakes.breakers },
    { provide: SendDeferrals, useValue: fakes.deferrals },
    { provide: SendGateMetrics, useValue: fakes.metrics },
    { provide: SendGatePolicy, useValue: new SendGatePolicy(policy.breakerFailures, policy.breakerCooldownMs, clock.now) },
  ];
  return { ...fakes, providers };
}
