/** Why the send gate held a message back. */
export type HoldReason = 'pace' | 'daily_cap' | 'quiet_hours' | 'breaker';

/** What the send gate counts, per messenger. */
export abstract class SendGateMetrics {
  abstract held(messenger: string, reason: HoldReason, count: number): void;
  abstract failedOver(messenger: string, count: number): void;
}
