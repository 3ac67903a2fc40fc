import { DomainError } from '@app/shared-kernel';
import { MessageRefused, SessionAuthRevoked } from '../../domain/messenger.errors';
import type { Message } from '../../domain/message.aggregate';
import type { ProviderReceipt } from '../ports/messenger';
import type { HoldReason } from '../ports/send-gate-metrics';
import type { SendReport } from '../ports/session-breakers';

/** A message is sent through another session than its own: why. */
export interface Failover {
  from: string;
  to: string;
  why: 'expired' | 'breaker';
}

export type GateDecision =
  | { go: true; sessionId: string | null; failover: Failover | null }
  | { go: false; until: Date; reason: HoldReason; /** The session whose bucket slot it holds (pacing only). */ slotSessionId: string | null };

/** What the send gate decided for a batch, message by message, with what the send path needs of it. */
export class SendVerdicts {
  constructor(readonly decisions: ReadonlyMap<string, GateDecision>) {}

  /** The messages to send now; the others are held (already rescheduled) and stay as they are. */
  going<T extends Pick<Message, 'id'>>(messages: readonly T[]): T[] {
    return messages.filter(({ id }) => this.decisions.get(id)?.go !== false);
  }

  /** The session each failed-over message is sent through, by message id. */
  get routes(): Map<string, string> {
    return new Map([...this.decisions].flatMap(([id, decision]) => (decision.go && decision.failover ? [[id, decision.failover.to] as const] : [])));
  }

  /** The history note of each failed-over message, by message id. */
  get notes(): Map<string, string> {
    return new Map(
      [...this.decisions].flatMap(([id, decision]) => {
        if (!decision.go || !decision.failover) return [];
        const { from, to, why } = decision.failover;
        const because = why === 'expired' ? `session ${from} is expired` : `session ${from} keeps failing (its circuit breaker is open)`;
        return [[id, `through fallback session ${to}: ${because}`] as const];
      }),
    );
  }

  /** Each sent message's outcome, for the breaker of the session it went through. */
  reports(outcomes: ReadonlyMap<string, ProviderReceipt | Error>): { sessionId: string; outcome: SendReport }[] {
    return [...outcomes].flatMap(([id, outcome]) => {
      const decision = this.decisions.get(id);
      if (!decision?.go || !decision.sessionId) return [];
      const report = reportOf(outcome);
      return report ? [{ sessionId: decision.sessionId, outcome: report }] : [];
    });
  }
}

// why: a final error the provider did not give (the session gone, an attachment missing) says nothing about the provider.
function reportOf(outcome: ProviderReceipt | Error): SendReport | null {
  if (!(outcome instanceof Error)) return 'success';
  if (outcome instanceof MessageRefused || outcome instanceof SessionAuthRevoked) return 'final';
  return outcome instanceof DomainError ? null : 'retryable';
}
