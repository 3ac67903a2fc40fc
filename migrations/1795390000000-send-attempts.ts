import { MigrationInterface, QueryRunner } from 'typeorm';

// why: the final list of every branch of issue #12 (retrying and unknown here; scheduled and cancelled with scheduled sends).
const STATUSES = `'queued', 'scheduled', 'retrying', 'sending', 'sent', 'delivered', 'read', 'failed', 'unknown', 'cancelled'`;
const OLD_STATUSES = `'queued', 'sending', 'sent', 'delivered', 'read', 'failed'`;

/**
 * Every attempt visible: when the next attempt is due and when the last one started (what the sweep of messages left
 * `sending` by a crash reads), and the statuses `retrying` and `unknown`.
 */
export class SendAttempts1795390000000 implements MigrationInterface {
  name = 'SendAttempts1795390000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE messaging.messages ADD COLUMN IF NOT EXISTS next_attempt_at timestamptz, ADD COLUMN IF NOT EXISTS attempted_at timestamptz`);
    await this.statuses(db, STATUSES);
    await db.query(`CREATE INDEX IF NOT EXISTS messages_sending_idx ON messaging.messages (attempted_at) WHERE status = 'sending'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS messaging.messages_sending_idx`);
    await db.query(`UPDATE messaging.messages SET status = 'queued' WHERE status = 'retrying'`);
    await db.query(`UPDATE messaging.messages SET status = 'failed' WHERE status = 'unknown'`);
    await db.query(`DELETE FROM messaging.message_events WHERE status IN ('retrying', 'unknown')`);
    await this.statuses(db, OLD_STATUSES);
    await db.query(`ALTER TABLE messaging.messages DROP COLUMN IF EXISTS attempted_at, DROP COLUMN IF EXISTS next_attempt_at`);
  }

  private async statuses(db: QueryRunner, list: string): Promise<void> {
    for (const table of ['messages', 'message_events']) {
      await db.query(`ALTER TABLE messaging.${table} DROP CONSTRAINT IF EXISTS ${table}_status_check`);
      await db.query(`ALTER TABLE messaging.${table} ADD CONSTRAINT ${table}_status_check CHECK (status IN (${list}))`);
    }
  }
}
