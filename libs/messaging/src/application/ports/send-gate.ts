/** A message about to be sent, as the send gate sees it. */
export interface SendCandidate {
  messageId: string;
  ownerId: string;
  messenger: string;
  /** The session the message names; null for messengers that need none. */
  sessionId: string | null;
  /** The correlation id of the delivery that asked for the send: a held message's new send command carries it on. */
  correlationId: string | null;
}

/**
 * What the gate says of a candidate: send it now, from this session (the one it names, or another it fails over
 * to, `note` saying so in its history); hold it: it is not attempted, and is tried again after `retryAfterMs`; or
 * `deferred`: the gate has already written its send again, due later, in the caller's transaction (pacing, a daily
 * cap, quiet hours, an open circuit breaker), so it is neither attempted nor failed, and stays as it is.
 */
export type SendDecision =
  | { kind: 'send'; sessionId: string | null; note?: string }
  | { kind: 'hold'; retryAfterMs: number; reason: string }
  | { kind: 'deferred' };

/** How one send ended, per session, for the gate's bookkeeping (a breaker's failure count, say). */
export interface SendReport {
  messageId: string;
  sessionId: string | null;
  messenger: string;
  outcome: 'sent' | 'refused' | 'failed';
  /** The provider's call, in milliseconds (0 when it was not called). */
  durationMs: number;
}

/**
 * The seam of the send path for pacing, circuit breakers and failover. `admit` runs in the first transaction of a
 * send, after its messages are locked and before any is marked `sending`, so what it books commits with the attempt
 * (or not at all); `report` runs after the outcomes are committed, with no transaction open.
 */
export abstract class SendGate {
  /** A decision for every candidate, by message id; a candidate left out is sent from its own session. */
  abstract admit(candidates: readonly SendCandidate[]): Promise<ReadonlyMap<string, SendDecision>>;
  abstract report(reports: readonly SendReport[]): Promise<void>;
}

/** The gate until pacing and failover exist: everything is sent at once from its own session. */
export class PassThroughSendGate extends SendGate {
  async admit(): Promise<ReadonlyMap<string, SendDecision>> {
    return new Map();
  }

  async report(): Promise<void> {}
}
