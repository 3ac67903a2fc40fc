import { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxInbox1795330000000 implements MigrationInterface {
  name = 'OutboxInbox1795330000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA IF NOT EXISTS platform`);
    await db.query(`
      CREATE TABLE platform.outbox (
        id uuid PRIMARY KEY,
        type text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('command', 'event')),
        routing_key text NOT NULL,
        payload jsonb NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}',
        aggregate_type text NOT NULL,
        aggregate_id text NOT NULL,
        correlation_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        available_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        published_at timestamptz,
        dead_at timestamptz
      )`);
    // why: the relay claims pending rows in id order; this partial index gives that order cheaply even before ANALYZE.
    await db.query(`CREATE INDEX outbox_pending_idx ON platform.outbox (id) WHERE published_at IS NULL AND dead_at IS NULL`);
    await db.query(`CREATE INDEX outbox_pending_aggregate_idx ON platform.outbox (aggregate_id, id) WHERE published_at IS NULL AND dead_at IS NULL`);
    await db.query(`CREATE INDEX outbox_published_idx ON platform.outbox (published_at) WHERE published_at IS NOT NULL`);
    await db.query(`CREATE INDEX outbox_dead_idx ON platform.outbox (dead_at) WHERE dead_at IS NOT NULL`);
    await db.query(`
      CREATE TABLE platform.inbox (
        message_id uuid NOT NULL,
        consumer text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (message_id, consumer)
      )`);
    await db.query(`CREATE INDEX inbox_processed_at_idx ON platform.inbox (processed_at)`);
    await db.query(`
      CREATE TABLE platform.dead_letters (
        id uuid PRIMARY KEY,
        queue text NOT NULL,
        message_id uuid,
        type text NOT NULL,
        payload jsonb,
        headers jsonb NOT NULL DEFAULT '{}',
        correlation_id text,
        error text NOT NULL,
        attempts integer NOT NULL,
        dead_at timestamptz NOT NULL DEFAULT now(),
        replayed_at timestamptz
      )`);
    await db.query(`CREATE INDEX dead_letters_queue_idx ON platform.dead_letters (queue, id DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE platform.dead_letters`);
    await db.query(`DROP TABLE platform.inbox`);
    await db.query(`DROP TABLE platform.outbox`);
  }
}
