import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { SessionCipher } from '../../application/ports/session-cipher';
import { SessionRepository } from '../../application/ports/session.repository';
import { Session, SessionState, SessionStatus } from '../../domain/session.aggregate';

export interface SessionRow {
  id: string;
  owner_id: string;
  messenger: string;
  status: SessionStatus;
  address: string | null;
  display_name: string | null;
  qr_code: string | null;
  qr_pairing_code: string | null;
  attempts: number;
  reason: string | null;
  expires_at: Date | null;
  secrets: string | null;
  webhook_secret_hash: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, owner_id, messenger, status, address, display_name, qr_code, qr_pairing_code, attempts, reason, expires_at, secrets,
  webhook_secret_hash, created_at, updated_at`;

/** The session's secrets, decrypted; `{}` when it keeps none. */
export function openSecrets(cipher: SessionCipher, row: Pick<SessionRow, 'id' | 'secrets'>): Record<string, unknown> {
  return row.secrets === null ? {} : (JSON.parse(cipher.decrypt(row.secrets, row.id)) as Record<string, unknown>);
}

@Injectable()
export class PgSessionRepository extends SessionRepository {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly cipher: SessionCipher,
  ) {
    super();
  }

  private query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.txHost.tx.query(sql, params);
  }

  async add(session: Session): Promise<void> {
    await this.query(`INSERT INTO messaging.messenger_sessions (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`, this.values(session));
  }

  async save(session: Session): Promise<void> {
    const [id, ownerId, messenger, status, address, displayName, qrCode, qrPairingCode, attempts, reason, expiresAt, secrets, webhookHash, , updatedAt] = this.values(session);
    await this.query(
      `UPDATE messaging.messenger_sessions SET status = $4, address = $5, display_name = $6, qr_code = $7, qr_pairing_code = $8, attempts = $9,
         reason = $10, expires_at = $11, secrets = $12, webhook_secret_hash = $13, updated_at = $14
        WHERE id = $1 AND owner_id = $2 AND messenger = $3`,
      [id, ownerId, messenger, status, address, displayName, qrCode, qrPairingCode, attempts, reason, expiresAt, secrets, webhookHash, updatedAt],
    );
  }

  async find(ownerId: string, id: string, lock = false): Promise<Session | null> {
    const rows = await this.query<SessionRow>(
      `SELECT ${COLUMNS} FROM messaging.messenger_sessions WHERE owner_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
      [ownerId, id],
    );
    return rows.length ? this.restore(rows[0]) : null;
  }

  async findForWebhook(id: string): Promise<Session | null> {
    const rows = await this.query<SessionRow>(`SELECT ${COLUMNS} FROM messaging.messenger_sessions WHERE id = $1 FOR UPDATE`, [id]);
    return rows.length ? this.restore(rows[0]) : null;
  }

  async list(ownerId: string, after: string | null, limit: number): Promise<Session[]> {
    const rows = await this.query<SessionRow>(
      `SELECT ${COLUMNS} FROM messaging.messenger_sessions WHERE owner_id = $1 AND ($2::uuid IS NULL OR id < $2::uuid) ORDER BY id DESC LIMIT $3`,
      [ownerId, after, limit],
    );
    return rows.map((row) => this.restore(row));
  }

  // why: one statement for the sweep, with the same reasons as `Session.expireIfDue`, which applies them when one is read.
  async expireOverdue(now: Date): Promise<number> {
    const rows = await this.query<{ id: string }>(
      `UPDATE messaging.messenger_sessions
          SET status = 'expired', secrets = NULL, qr_code = NULL, qr_pairing_code = NULL, expires_at = NULL, updated_at = $1,
              reason = CASE status WHEN 'pending_qr' THEN 'the QR code was not scanned in time'
                                   WHEN 'pending_code' THEN 'the code was not entered in time'
                                   ELSE 'the password was not entered in time' END
        WHERE expires_at <= $1 AND status IN ('pending_code', 'pending_password', 'pending_qr')
        RETURNING id`,
      [now],
    );
    return rows.length;
  }

  private values(session: Session): unknown[] {
    const s = session.snapshot();
    const secrets = Object.keys(s.secrets).length ? this.cipher.encrypt(JSON.stringify(s.secrets), s.id) : null;
    return [s.id, s.ownerId, s.messenger, s.status, s.address, s.displayName, s.qr?.code ?? null, s.qr?.pairingCode ?? null, s.attempts, s.reason, s.expiresAt, secrets, s.webhookSecretHash, s.createdAt, s.updatedAt];
  }

  private restore(row: SessionRow): Session {
    const state: SessionState = {
      id: row.id,
      ownerId: row.owner_id,
      messenger: row.messenger,
      status: row.status,
      address: row.address,
      displayName: row.display_name,
      qr: row.qr_code === null ? null : { code: row.qr_code, pairingCode: row.qr_pairing_code },
      attempts: row.attempts,
      reason: row.reason,
      expiresAt: row.expires_at,
      secrets: openSecrets(this.cipher, row),
      webhookSecretHash: row.webhook_secret_hash,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
    return Session.restore(state);
  }
}
