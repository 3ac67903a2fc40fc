import { Injectable } from '@nestjs/common';
import { MessengerRegistry } from '../messenger-registry';
import { Deferral, SendDeferrals } from '../ports/send-deferrals';
import { SendBuckets } from '../ports/send-buckets';
import { HoldReason, SendGateMetrics } from '../ports/send-gate-metrics';
import { CLOSED_BREAKER, SendReport, SessionBreakers } from '../ports/session-breakers';
import { SessionSending, SessionSendingSettings } from '../ports/session-sending';
import { breakerVerdict } from './breaker-verdict';
import { capacityOf, nextUtcDay, paceOf, quietUntil, rateOf } from './pace';
import { jitterCostsOf, slotsOf } from './send-slots';
import { SendGatePolicy } from './send-gate.policy';
import { Failover, GateDecision, SendVerdicts } from './send-verdicts';

/** A message the send path is about to send. */
export interface GateMessage {
  messageId: string;
  messenger: string;
  /** Its own session; null for messengers without sessions (never paced). */
  sessionId: string | null;
  correlationId: string | null;
}

type Hold = Extract<GateDecision, { go: false }>;

/**
 * Per-sender pacing, failover and circuit breaking, in front of the messengers. `admit` decides for each message of a
 * batch: send now (through its session, or its fallback when its session is expired or its breaker open), or later —
 * and then it is already rescheduled, in the caller's transaction, through the outbox's due time (never a failed
 * attempt). `report` tells each session's breaker how its sends went. Buckets and breakers live in PostgreSQL,
 * shared by every dispatcher replica.
 */
@Injectable()
export class SessionSendGate {
  constructor(
    private readonly settings: SessionSendingSettings,
    private readonly buckets: SendBuckets,
    private readonly breakers: SessionBreakers,
    private readonly deferrals: SendDeferrals,
    private readonly messengers: MessengerRegistry,
    private readonly metrics: SendGateMetrics,
    private readonly policy: SendGatePolicy,
  ) {}

  async admit(messages: readonly GateMessage[]): Promise<SendVerdicts> {
    const decisions = new Map<string, GateDecision>(messages.map(({ messageId, sessionId }) => [messageId, { go: true, sessionId, failover: null }]));
    const paced = messages.filter(({ sessionId }) => sessionId !== null);
    if (paced.length === 0) return new SendVerdicts(decisions);
    const at = this.policy.now();
    const sessions = await this.sessionsWithFallbacks(paced.map(({ sessionId }) => sessionId!));
    const usable = await this.breakersLetThrough([...sessions.keys()], at);
    const bySession = new Map<string, GateMessage[]>();
    for (const message of paced) {
      const decision = this.route(message, sessions, usable, at);
      decisions.set(message.messageId, decision);
      if (decision.go && sessions.get(decision.sessionId!)?.status === 'active') {
        bySession.set(decision.sessionId!, [...(bySession.get(decision.sessionId!) ?? []), message]);
      }
    }
    const slotted = await this.deferrals.takeDueSlots(paced.map(({ messageId }) => messageId), at);
    for (const [sessionId, group] of bySession) {
      const unslotted = group.filter(({ messageId }) => slotted.get(messageId) !== sessionId);
      const holds = await this.pace(sessions.get(sessionId)!, unslotted.length, at);
      unslotted.forEach(({ messageId }, index) => holds[index] && decisions.set(messageId, holds[index]!));
    }
    await this.hold(paced, decisions);
    return new SendVerdicts(decisions);
  }

  async report(reports: readonly { sessionId: string; outcome: SendReport }[]): Promise<void> {
    const counts = new Map<string, { answered: number; retryable: number }>();
    for (const { sessionId, outcome } of reports) {
      const count = counts.get(sessionId) ?? { answered: 0, retryable: 0 };
      if (outcome === 'retryable') count.retryable += 1;
      else count.answered += 1;
      counts.set(sessionId, count);
    }
    const at = this.policy.now();
    for (const [sessionId, { answered, retryable }] of counts) await this.breakers.record(sessionId, answered, retryable, at, this.policy.breakerFailures);
  }

  private async sessionsWithFallbacks(sessionIds: string[]): Promise<Map<string, SessionSending>> {
    const sessions = await this.settings.findMany([...new Set(sessionIds)]);
    const fallbacks = [...sessions.values()].flatMap(({ fallbackSessionId }) => (fallbackSessionId && !sessions.has(fallbackSessionId) ? [fallbackSessionId] : []));
    if (fallbacks.length) for (const [id, session] of await this.settings.findMany([...new Set(fallbacks)])) sessions.set(id, session);
    return sessions;
  }

  /** By session: `pass`, `probe` (this caller claimed the one probe of an open breaker), or until when its breaker holds its sends. */
  private async breakersLetThrough(sessionIds: string[], at: Date): Promise<Map<string, 'pass' | 'probe' | Date>> {
    const states = await this.breakers.states(sessionIds);
    const usable = new Map<string, 'pass' | 'probe' | Date>();
    const cooldownMs = this.policy.breakerCooldownMs;
    for (const id of sessionIds) {
      const verdict = breakerVerdict(states.get(id) ?? CLOSED_BREAKER, at, cooldownMs);
      if (verdict.kind !== 'probe') usable.set(id, verdict.kind === 'pass' ? 'pass' : verdict.until);
      else usable.set(id, (await this.breakers.claimProbe(id, at, cooldownMs)) ? 'probe' : new Date(at.getTime() + cooldownMs));
    }
    return usable;
  }

  private route(message: GateMessage, sessions: Map<string, SessionSending>, usable: Map<string, 'pass' | 'probe' | Date>, at: Date): GateDecision {
    const own = sessions.get(message.sessionId!);
    if (!own) return { go: true, sessionId: message.sessionId, failover: null };
    const breaker = usable.get(own.id) ?? 'pass';
    if (breaker === 'probe') usable.set(own.id, new Date(at.getTime() + this.policy.breakerCooldownMs)); // why: one probe, the others wait for its answer
    const why: Failover['why'] | null = own.status === 'expired' ? 'expired' : breaker instanceof Date ? 'breaker' : null;
    if (!why) return { go: true, sessionId: own.id, failover: null };
    const fallback = own.fallbackSessionId ? sessions.get(own.fallbackSessionId) : undefined;
    const fits = fallback && fallback.status === 'active' && fallback.ownerId === own.ownerId && fallback.messenger === own.messenger;
    const fallbackBreaker = fits ? usable.get(fallback.id) : undefined;
    if (fits && (fallbackBreaker === 'pass' || fallbackBreaker === 'probe')) {
      if (fallbackBreaker === 'probe') usable.set(fallback.id, new Date(at.getTime() + this.policy.breakerCooldownMs));
      return { go: true, sessionId: fallback.id, failover: { from: own.id, to: fallback.id, why } };
    }
    // why: whichever breaker closes first (or the fallback's, for an expired session) lets the message go.
    const until = [breaker, fallbackBreaker].filter((value): value is Date => value instanceof Date).sort((a, b) => a.getTime() - b.getTime())[0];
    if (until) return { go: false, until, reason: 'breaker', slotSessionId: null };
    return { go: true, sessionId: own.id, failover: null };
  }

  /** For `count` sends of a session now, in order: null for a send that goes now, or its hold. */
  private async pace(session: SessionSending, count: number, at: Date): Promise<(Hold | null)[]> {
    if (count === 0) return [];
    const pace = paceOf(this.messengers.get(session.messenger).descriptor.limits.pace, session.pace);
    const quietEnd = quietUntil(pace.quietHours, at);
    if (quietEnd > at) return Array.from({ length: count }, () => ({ go: false, until: quietEnd, reason: 'quiet_hours', slotSessionId: null }));
    const rate = rateOf(pace);
    const jitterCosts = jitterCostsOf(count, pace.jitterMs, rate);
    const grant = await this.buckets.reserve(session.id, { rate, capacity: capacityOf(pace), dailyCap: pace.dailyCap, jitterCosts, at });
    const slots = slotsOf(grant, jitterCosts, rate, at);
    return Array.from({ length: count }, (_, k): Hold | null => {
      const slot = slots[k];
      if (!slot) return { go: false, until: nextUtcDay(at), reason: 'daily_cap', slotSessionId: null };
      const quiet = quietUntil(pace.quietHours, slot);
      if (quiet > slot) return { go: false, until: quiet, reason: 'quiet_hours', slotSessionId: null };
      return slot > at ? { go: false, until: slot, reason: 'pace', slotSessionId: session.id } : null;
    });
  }

  private async hold(messages: readonly GateMessage[], decisions: Map<string, GateDecision>): Promise<void> {
    const deferrals: Deferral[] = [];
    const held = new Map<string, number>();
    const failedOver = new Map<string, number>();
    for (const { messageId, messenger, correlationId } of messages) {
      const decision = decisions.get(messageId)!;
      if (decision.go) {
        if (decision.failover) failedOver.set(messenger, (failedOver.get(messenger) ?? 0) + 1);
        continue;
      }
      deferrals.push({ messageId, correlationId, until: decision.until, slotSessionId: decision.slotSessionId });
      const key = `${messenger}\0${decision.reason}`;
      held.set(key, (held.get(key) ?? 0) + 1);
    }
    if (deferrals.length) await this.deferrals.defer(deferrals);
    for (const [key, count] of held) {
      const [messenger, reason] = key.split('\0');
      this.metrics.held(messenger, reason as HoldReason, count);
    }
    for (const [messenger, count] of failedOver) this.metrics.failedOver(messenger, count);
  }
}
