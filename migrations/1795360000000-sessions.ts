import { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES = `'pending_code', 'pending_password', 'pending_qr', 'active', 'expired', 'revoked', 'failed'`;

export class Sessions1795360000000 implements MigrationInterface {
  name = 'Sessions1795360000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE messaging.messenger_sessions (
        id uuid PRIMARY KEY,
        owner_id uuid NOT NULL,
        messenger text NOT NULL,
        status text NOT NULL CHECK (status IN (${STATUSES})),
        address text,
        display_name text,
        qr_code text,
        qr_pairing_code text,
        attempts smallint NOT NULL DEFAULT 0,
        reason text,
        expires_at timestamptz,
        secrets text,
        webhook_secret_hash text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await db.query(`COMMENT ON COLUMN messaging.messenger_sessions.secrets IS 'AES-256-GCM: v1.<key id>.<nonce>.<tag>.<ciphertext>, the session id as associated data'`);
    await db.query(`CREATE INDEX messenger_sessions_owner_id_idx ON messaging.messenger_sessions (owner_id, id DESC)`);
    await db.query(`CREATE INDEX messenger_sessions_pending_idx ON messaging.messenger_sessions (expires_at) WHERE expires_at IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE messaging.messenger_sessions`);
  }
}
