import type { BreakerState } from '../ports/session-breakers';

/** What a session's breaker lets through now: everything, one probe (once claimed), or nothing until `until`. */
export type BreakerVerdict = { kind: 'pass' } | { kind: 'probe' } | { kind: 'blocked'; until: Date };

export function breakerVerdict(breaker: BreakerState, at: Date, cooldownMs: number): BreakerVerdict {
  if (breaker.state === 'closed') return { kind: 'pass' };
  const since = breaker.state === 'open' ? breaker.openedAt : breaker.probeAt;
  const until = new Date((since ?? at).getTime() + cooldownMs);
  return until <= at ? { kind: 'probe' } : { kind: 'blocked', until };
}
