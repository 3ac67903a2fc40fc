import { Injectable } from '@nestjs/common';
import { MessengerRegistry } from '../messenger-registry';
import { BreakerStateName, CLOSED_BREAKER, SessionBreakers } from '../ports/session-breakers';
import { SessionSendingSettings } from '../ports/session-sending';
import { paceOf } from './pace';
import { SendGatePolicy } from './send-gate.policy';

/** How a session sends, as its owner sees it on `GET /v1/messaging/sessions/:id`. */
export interface SessionSendingView {
  /** The pace it sends at: its own fields where set, else its messenger's defaults. */
  pace: {
    per_minute: number;
    jitter_ms: number;
    daily_cap: number | null;
    quiet_hours: { start: string; end: string; timezone: string } | null;
    /** True when the session has a pace of its own (some field set by PATCH). */
    custom: boolean;
  };
  fallback_session_id: string | null;
  breaker: { state: BreakerStateName; failures: number; opened_at: string | null; probe_after: string | null };
}

/** The sending part of a session's view. */
@Injectable()
export class SessionSendingViews {
  constructor(
    private readonly settings: SessionSendingSettings,
    private readonly breakers: SessionBreakers,
    private readonly messengers: MessengerRegistry,
    private readonly policy: SendGatePolicy,
  ) {}

  async of(ownerId: string, sessionId: string): Promise<SessionSendingView | null> {
    const sending = await this.settings.find(ownerId, sessionId);
    if (!sending) return null;
    const pace = paceOf(this.messengers.get(sending.messenger).descriptor.limits.pace, sending.pace);
    const breaker = (await this.breakers.states([sessionId])).get(sessionId) ?? CLOSED_BREAKER;
    const since = breaker.state === 'open' ? breaker.openedAt : breaker.state === 'half_open' ? breaker.probeAt : null;
    return {
      pace: { per_minute: pace.perMinute, jitter_ms: pace.jitterMs, daily_cap: pace.dailyCap, quiet_hours: pace.quietHours && { ...pace.quietHours }, custom: sending.pace !== null },
      fallback_session_id: sending.fallbackSessionId,
      breaker: {
        state: breaker.state,
        failures: breaker.failures,
        opened_at: breaker.openedAt?.toISOString() ?? null,
        probe_after: since ? new Date(since.getTime() + this.policy.breakerCooldownMs).toISOString() : null,
      },
    };
  }
}
