import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { Metrics } from '@app/platform';
import { HoldReason, SendGateMetrics } from '../../application/ports/send-gate-metrics';
import { BREAKER_STATES } from '../../application/ports/session-breakers';

/**
 * `missive_sends_held_total{messenger, reason}` (sends delayed by pacing, daily cap, quiet hours or an open breaker),
 * `missive_sends_failed_over_total{messenger}`, and `missive_session_breakers{messenger, state}` read from the table at scrape.
 */
@Injectable()
export class PromSendGateMetrics extends SendGateMetrics {
  private readonly heldSends: Counter<'messenger' | 'reason'>;
  private readonly failedOverSends: Counter<'messenger'>;

  constructor(metrics: Metrics, db: DataSource) {
    super();
    const registers = [metrics.registry];
    this.heldSends = new Counter({ name: 'missive_sends_held_total', help: 'Sends the send gate held back, by messenger and reason (pace, daily_cap, quiet_hours, breaker).', labelNames: ['messenger', 'reason'], registers });
    this.failedOverSends = new Counter({ name: 'missive_sends_failed_over_total', help: 'Sends that went through their session\'s fallback session, by messenger.', labelNames: ['messenger'], registers });
    new Gauge({
      name: 'missive_session_breakers',
      help: 'Sessions whose circuit breaker is in each state (closed, open, half_open), by messenger; a session never reported on counts as none.',
      labelNames: ['messenger', 'state'],
      registers,
      async collect() {
        const rows: { messenger: string; state: string; count: string }[] = await db.query(
          `SELECT s.messenger, b.state, count(*) AS count FROM messaging.session_breakers b JOIN messaging.messenger_sessions s ON s.id = b.session_id GROUP BY 1, 2`,
        );
        this.reset();
        for (const messenger of new Set(rows.map((row) => row.messenger))) for (const state of BREAKER_STATES) this.set({ messenger, state }, 0);
        for (const { messenger, state, count } of rows) this.set({ messenger, state }, Number(count));
      },
    });
  }

  held(messenger: string, reason: HoldReason, count: number): void {
    this.heldSends.inc({ messenger, reason }, count);
  }

  failedOver(messenger: string, count: number): void {
    this.failedOverSends.inc({ messenger }, count);
  }
}
