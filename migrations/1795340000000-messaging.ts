import { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES = `'queued', 'sending', 'sent', 'delivered', 'read', 'failed'`;

export class Messaging1795340000000 implements MigrationInterface {
  name = 'Messaging1795340000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA IF NOT EXISTS messaging`);
    await db.query(`
      CREATE TABLE messaging.messages (
        id uuid PRIMARY KEY,
        owner_id uuid NOT NULL,
        messenger text NOT NULL,
        "to" text NOT NULL CHECK (length("to") BETWEEN 1 AND 320),
        text text NOT NULL CHECK (length(text) BETWEEN 1 AND 4096),
        status text NOT NULL CHECK (status IN (${STATUSES})),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        provider_message_id text,
        idempotency_key text,
        request_hash text,
        created_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX messages_owner_id_idx ON messaging.messages (owner_id, id DESC)`);
    await db.query(
      `CREATE UNIQUE INDEX messages_owner_idempotency_key_unique ON messaging.messages (owner_id, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
    await db.query(`
      CREATE TABLE messaging.message_events (
        owner_id uuid NOT NULL,
        message_id uuid NOT NULL REFERENCES messaging.messages (id) ON DELETE CASCADE,
        seq smallint NOT NULL,
        status text NOT NULL CHECK (status IN (${STATUSES})),
        detail text,
        at timestamptz NOT NULL,
        PRIMARY KEY (owner_id, message_id, seq)
      )`);
    await db.query(`
      CREATE TABLE messaging.sandbox_calls (
        id uuid PRIMARY KEY,
        message_id uuid NOT NULL,
        owner_id uuid,
        "to" text NOT NULL,
        text text NOT NULL,
        called_at timestamptz NOT NULL DEFAULT now(),
        duplicate boolean NOT NULL DEFAULT false
      )`);
    await db.query(`CREATE INDEX sandbox_calls_owner_id_idx ON messaging.sandbox_calls (owner_id, message_id)`);
    await db.query(`
      CREATE TABLE messaging.sandbox_deliveries (
        message_id uuid PRIMARY KEY,
        owner_id uuid NOT NULL,
        "to" text NOT NULL,
        text text NOT NULL,
        provider_message_id text NOT NULL UNIQUE,
        accepted_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX sandbox_deliveries_owner_id_idx ON messaging.sandbox_deliveries (owner_id, message_id DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP SCHEMA messaging CASCADE`);
  }
}
