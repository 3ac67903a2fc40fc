/** A message held back by the send gate: sent again at `until`, its slot kept for it. */
export interface Deferral {
  messageId: string;
  correlationId: string | null;
  until: Date;
  /** The session whose slot it holds, when it holds one (not for a daily cap or quiet hours: it reserves again then). */
  slotSessionId: string | null;
}

/**
 * Holds messages back without holding anything else: in the caller's transaction, a new send command due at
 * `until` (the outbox's own due time) and the slot reserved for it. Not a failed attempt: it never dead-letters.
 */
export abstract class SendDeferrals {
  abstract defer(deferrals: readonly Deferral[]): Promise<void>;
  /** Takes back the slots due by `at` of these messages (they are now sent): by message id, the session whose slot it was. */
  abstract takeDueSlots(messageIds: readonly string[], at: Date): Promise<Map<string, string>>;
}
