import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { SenderSessionStatus } from '../../application/ports/sender-sessions';
import { SessionSending, SessionSendingChanges, SessionSendingSettings } from '../../application/ports/session-sending';
import type { PaceOverride } from '../../application/send-gate/pace';

/** `messenger_sessions.pace`, as stored: the API's own field names. */
interface PaceColumn {
  per_minute?: number;
  jitter_ms?: number;
  daily_cap?: number | null;
  quiet_hours?: { start: string; end: string; timezone: string } | null;
}

interface SendingRow {
  id: string;
  owner_id: string;
  messenger: string;
  status: SenderSessionStatus;
  expires_at: Date | null;
  pace: PaceColumn | null;
  fallback_session_id: string | null;
}

const COLUMNS = 'id, owner_id, messenger, status, expires_at, pace, fallback_session_id';

/** The sessions' `pace` and `fallback_session_id` columns; a pending session past its time reads as `expired`. */
@Injectable()
export class PgSessionSendingSettings extends SessionSendingSettings {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async findMany(sessionIds: readonly string[]): Promise<Map<string, SessionSending>> {
    if (sessionIds.length === 0) return new Map();
    const rows: SendingRow[] = await this.txHost.tx.query(`SELECT ${COLUMNS} FROM messaging.messenger_sessions WHERE id = ANY($1::uuid[])`, [[...sessionIds]]);
    return new Map(rows.map((row) => [row.id, sendingOf(row)]));
  }

  async find(ownerId: string, sessionId: string): Promise<SessionSending | null> {
    const rows: SendingRow[] = await this.txHost.tx.query(`SELECT ${COLUMNS} FROM messaging.messenger_sessions WHERE owner_id = $1 AND id = $2`, [ownerId, sessionId]);
    return rows.length ? sendingOf(rows[0]) : null;
  }

  async change(ownerId: string, sessionId: string, { pace, fallbackSessionId }: SessionSendingChanges): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE messaging.messenger_sessions
          SET pace = CASE WHEN $3 THEN $4::jsonb ELSE pace END,
              fallback_session_id = CASE WHEN $5 THEN $6::uuid ELSE fallback_session_id END,
              updated_at = now()
        WHERE owner_id = $1 AND id = $2`,
      [ownerId, sessionId, pace !== undefined, pace ? JSON.stringify(paceColumn(pace)) : null, fallbackSessionId !== undefined, fallbackSessionId ?? null],
    );
  }
}

function sendingOf(row: SendingRow): SessionSending {
  const overdue = row.expires_at !== null && row.expires_at <= new Date();
  return {
    id: row.id,
    ownerId: row.owner_id,
    messenger: row.messenger,
    status: overdue ? 'expired' : row.status,
    pace: row.pace && paceOverride(row.pace),
    fallbackSessionId: row.fallback_session_id,
  };
}

function paceOverride(column: PaceColumn): PaceOverride {
  const { per_minute, jitter_ms, daily_cap, quiet_hours } = column;
  return { perMinute: per_minute, jitterMs: jitter_ms, dailyCap: daily_cap, quietHours: quiet_hours };
}

function paceColumn(pace: PaceOverride): PaceColumn {
  return { per_minute: pace.perMinute, jitter_ms: pace.jitterMs, daily_cap: pace.dailyCap, quiet_hours: pace.quietHours };
}
