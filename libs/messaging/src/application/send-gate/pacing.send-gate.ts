import { Injectable } from '@nestjs/common';
import { SendCandidate, SendDecision, SendGate, SendReport } from '../ports/send-gate';
import { SessionSendGate } from './send-gate';

/**
 * The send path's gate: per-session pacing, failover and circuit breakers (`SessionSendGate`), in the terms of the
 * two-phase send. A message the sessions' gate holds back is already rescheduled through the outbox: `deferred`.
 */
@Injectable()
export class PacingSendGate extends SendGate {
  constructor(private readonly sessions: SessionSendGate) {
    super();
  }

  async admit(candidates: readonly SendCandidate[]): Promise<ReadonlyMap<string, SendDecision>> {
    const verdicts = await this.sessions.admit(candidates.map(({ messageId, messenger, sessionId, correlationId }) => ({ messageId, messenger, sessionId, correlationId })));
    const notes = verdicts.notes;
    return new Map(
      [...verdicts.decisions].map(([id, decision]): [string, SendDecision] => [
        id,
        decision.go ? { kind: 'send', sessionId: decision.sessionId, ...(notes.has(id) ? { note: notes.get(id)! } : {}) } : { kind: 'deferred' },
      ]),
    );
  }

  // why: a send no provider was called for (its session gone, an attachment missing) says nothing of the provider.
  async report(reports: readonly SendReport[]): Promise<void> {
    await this.sessions.report(
      reports.flatMap(({ sessionId, outcome, durationMs }) => {
        if (!sessionId || durationMs === 0) return [];
        return [{ sessionId, outcome: outcome === 'sent' ? ('success' as const) : outcome === 'refused' ? ('final' as const) : ('retryable' as const) }];
      }),
    );
  }
}
