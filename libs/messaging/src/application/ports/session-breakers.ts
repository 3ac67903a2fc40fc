export const BREAKER_STATES = ['closed', 'open', 'half_open'] as const;
export type BreakerStateName = (typeof BREAKER_STATES)[number];

/** A session's circuit breaker: `open` stops sends to a failing provider until a probe after the cool-down. */
export interface BreakerState {
  state: BreakerStateName;
  /** Retryable failures in a row. */
  failures: number;
  openedAt: Date | null;
  /** When the last probe went (half-open). */
  probeAt: Date | null;
}

export const CLOSED_BREAKER: BreakerState = { state: 'closed', failures: 0, openedAt: null, probeAt: null };

/** What one send did, for its session's breaker: a refusal is an answer, so it counts as the provider working. */
export type SendReport = 'success' | 'retryable' | 'final';

/** Every session's circuit breaker, shared by all dispatcher replicas; each change commits on its own. */
export abstract class SessionBreakers {
  /** The breakers of these sessions; a session never reported on is left out (closed). */
  abstract states(sessionIds: readonly string[]): Promise<Map<string, BreakerState>>;
  /**
   * Claims the probe of an open breaker whose cool-down is over (or of a half-open one whose probe went unanswered
   * that long): true for the one caller that gets it, which turns it half-open.
   */
  abstract claimProbe(sessionId: string, at: Date, cooldownMs: number): Promise<boolean>;
  /**
   * Counts a batch's outcomes through one session: any answer closes it; otherwise `retryable` failures add up and
   * open it at `threshold` (a failed probe opens it again at once).
   */
  abstract record(sessionId: string, answered: number, retryable: number, at: Date, threshold: number): Promise<void>;
}
