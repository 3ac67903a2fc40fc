import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { SessionCipher } from '../../application/ports/session-cipher';
import { SenderSessions, SenderSessionState } from '../../application/ports/sender-sessions';
import { openSecrets, SessionRow } from './pg-session.repository';

type SenderRow = Pick<SessionRow, 'id' | 'owner_id' | 'messenger' | 'status' | 'address' | 'secrets' | 'expires_at'>;

const COLUMNS = 'id, owner_id, messenger, status, address, secrets, expires_at';

/** The send path's view of the sessions, in SQL; a pending session past its time reads as `expired`. */
@Injectable()
export class PgSenderSessions extends SenderSessions {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly cipher: SessionCipher,
  ) {
    super();
  }

  async find(ownerId: string, sessionId: string): Promise<SenderSessionState | null> {
    const rows: SenderRow[] = await this.txHost.tx.query(`SELECT ${COLUMNS} FROM messaging.messenger_sessions WHERE owner_id = $1 AND id = $2`, [ownerId, sessionId]);
    return rows.length ? this.state(rows[0]) : null;
  }

  async findMany(sessionIds: readonly string[]): Promise<Map<string, SenderSessionState>> {
    if (sessionIds.length === 0) return new Map();
    const rows: SenderRow[] = await this.txHost.tx.query(`SELECT ${COLUMNS} FROM messaging.messenger_sessions WHERE id = ANY($1::uuid[])`, [[...new Set(sessionIds)]]);
    return new Map(rows.map((row) => [row.id, this.state(row)]));
  }

  async markExpired(sessionId: string, reason: string): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE messaging.messenger_sessions SET status = 'expired', reason = $2, secrets = NULL, updated_at = now() WHERE id = $1 AND status = 'active'`,
      [sessionId, reason],
    );
  }

  private state(row: SenderRow): SenderSessionState {
    const overdue = row.expires_at !== null && row.expires_at <= new Date();
    const secrets = row.status === 'active' ? openSecrets(this.cipher, row) : {};
    return {
      status: overdue ? 'expired' : row.status,
      session: { id: row.id, ownerId: row.owner_id, messenger: row.messenger, address: row.address, secrets },
    };
  }
}
