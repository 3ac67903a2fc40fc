import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BreakerState, BreakerStateName, SessionBreakers } from '../../application/ports/session-breakers';
import { updatedOrCreated } from './updated-or-created';

interface BreakerRow {
  session_id: string;
  state: BreakerStateName;
  failures: number;
  opened_at: Date | null;
  probe_at: Date | null;
}

// why: $2 answered, $3 retryable failures, $4 now, $5 threshold; any answer closes it, a failed probe or the
// threshold reached opens it (from then on its cool-down runs from opened_at).
const RECORD = `
  UPDATE messaging.session_breakers b SET
    failures = CASE WHEN $2 > 0 THEN 0 ELSE b.failures + $3 END,
    state = CASE WHEN $2 > 0 THEN 'closed' WHEN b.state = 'half_open' OR b.failures + $3 >= $5 THEN 'open' ELSE b.state END,
    opened_at = CASE WHEN $2 > 0 THEN NULL WHEN b.state = 'half_open' OR (b.state = 'closed' AND b.failures + $3 >= $5) THEN $4::timestamptz ELSE b.opened_at END,
    probe_at = CASE WHEN $2 > 0 THEN NULL ELSE b.probe_at END,
    updated_at = $4::timestamptz
  WHERE b.session_id = $1
  RETURNING state`;

// why: a session that is not (or no longer) in the table has no breaker; its outcome is not counted.
const CREATE = `INSERT INTO messaging.session_breakers (session_id, updated_at)
  SELECT id, $2 FROM messaging.messenger_sessions WHERE id = $1 ON CONFLICT DO NOTHING`;

const CLAIM_PROBE = `
  UPDATE messaging.session_breakers SET state = 'half_open', probe_at = $2::timestamptz, updated_at = $2::timestamptz
   WHERE session_id = $1
     AND ((state = 'open' AND opened_at <= $2::timestamptz - $3 * interval '1 millisecond')
       OR (state = 'half_open' AND probe_at <= $2::timestamptz - $3 * interval '1 millisecond'))
  RETURNING 1`;

/** The circuit breakers in `messaging.session_breakers`, one row a session, each change committed on its own. */
@Injectable()
export class PgSessionBreakers extends SessionBreakers {
  // why: the data source, not the transaction: what the providers answered must count even when the caller's transaction does not commit.
  constructor(private readonly db: DataSource) {
    super();
  }

  async states(sessionIds: readonly string[]): Promise<Map<string, BreakerState>> {
    if (sessionIds.length === 0) return new Map();
    const rows: BreakerRow[] = await this.db.query(
      `SELECT session_id, state, failures, opened_at, probe_at FROM messaging.session_breakers WHERE session_id = ANY($1::uuid[])`,
      [[...sessionIds]],
    );
    return new Map(rows.map((row) => [row.session_id, { state: row.state, failures: row.failures, openedAt: row.opened_at, probeAt: row.probe_at }]));
  }

  async claimProbe(sessionId: string, at: Date, cooldownMs: number): Promise<boolean> {
    const [rows]: [unknown[], number] = await this.db.query(CLAIM_PROBE, [sessionId, at, cooldownMs]);
    return rows.length === 1;
  }

  async record(sessionId: string, answered: number, retryable: number, at: Date, threshold: number): Promise<void> {
    await updatedOrCreated(this.db, RECORD, [sessionId, answered, retryable, at, threshold], CREATE, [sessionId, at]);
  }
}
