/** The breaker's thresholds (`SEND_BREAKER_FAILURES`, `SEND_BREAKER_COOLDOWN`), and the gate's clock. */
export class SendGatePolicy {
  constructor(
    /** Retryable failures in a row that open a session's breaker (and send its messages through its fallback). */
    readonly breakerFailures: number,
    /** How long an open breaker stops sends before one probe goes. */
    readonly breakerCooldownMs: number,
    readonly now: () => Date = () => new Date(),
  ) {}
}
