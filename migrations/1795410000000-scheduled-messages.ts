import { MigrationInterface, QueryRunner } from 'typeorm';

// why: the full list every part of the send path agreed on, so the constraint is written once, whichever of the
// migrations that change the status machine runs last.
const STATUSES = `'queued', 'scheduled', 'retrying', 'sending', 'sent', 'delivered', 'read', 'failed', 'unknown', 'cancelled'`;
const BEFORE = `'queued', 'sending', 'sent', 'delivered', 'read', 'failed'`;

/**
 * A message may be scheduled (`send_at`) and cancelled; the status constraints take every status of the send path.
 * The outbox's index of pending rows in id order keeps only the rows due when written, and the rows due later
 * (scheduled sends, retries' backoff) get their own index by due time, so the relay's claim never reads a row not due yet.
 */
export class ScheduledMessages1795410000000 implements MigrationInterface {
  name = 'ScheduledMessages1795410000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE messaging.messages ADD COLUMN IF NOT EXISTS send_at timestamptz`);
    await statuses(db, STATUSES);
    await db.query(`DROP INDEX IF EXISTS platform.outbox_pending_idx`);
    await db.query(`CREATE INDEX outbox_pending_idx ON platform.outbox (id) WHERE published_at IS NULL AND dead_at IS NULL AND available_at <= created_at`);
    await db.query(
      `CREATE INDEX IF NOT EXISTS outbox_due_later_idx ON platform.outbox (available_at, id) WHERE published_at IS NULL AND dead_at IS NULL AND available_at > created_at`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS platform.outbox_due_later_idx`);
    await db.query(`DROP INDEX IF EXISTS platform.outbox_pending_idx`);
    await db.query(`CREATE INDEX outbox_pending_idx ON platform.outbox (id) WHERE published_at IS NULL AND dead_at IS NULL`);
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
