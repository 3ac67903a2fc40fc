import { MigrationInterface, QueryRunner } from 'typeorm';

// why: the full list every part of the send path agreed on, so the constraint is written once, whichever of the
// migrations that change the status machine runs last.
const STATUSES = `'queued', 'scheduled', 'retrying', 'sending', 'sent', 'delivered', 'read', 'failed', 'unknown', 'cancelled'`;
const BEFORE = `'queued', 'sending', 'sent', 'delivered', 'read', 'failed'`;

/** A message may be scheduled (`send_at`) and cancelled; the status constraints take every status of the send path. */
export class ScheduledMessages1795410000000 implements MigrationInterface {
  name = 'ScheduledMessages1795410000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE messaging.messages ADD COLUMN IF NOT EXISTS send_at timestamptz`);
    await statuses(db, STATUSES);
  }

  async down(db: QueryRunner): Promise<void> {
    await statuses(db, BEFORE);
    await db.query(`ALTER TABLE messaging.messages DROP COLUMN IF EXISTS send_at`);
  }
}

async function statuses(db: QueryRunner, list: string): Promise<void> {
  for (const table of ['messages', 'message_events']) {
    await db.query(`ALTER TABLE messaging.${table} DROP CONSTRAINT IF EXISTS ${table}_status_check`);
    await db.query(`ALTER TABLE messaging.${table} ADD CONSTRAINT ${table}_status_check CHECK (status IN (${list}))`);
  }
}
