import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-sender pacing and failover: a session's own pace and fallback, its token bucket and its circuit breaker
 * (one row each per session, shared by every dispatcher replica), and the send slots reserved for deferred messages.
 */
export class SessionPacing1795400000000 implements MigrationInterface {
  name = 'SessionPacing1795400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE messaging.messenger_sessions
        ADD COLUMN pace jsonb,
        ADD COLUMN fallback_session_id uuid REFERENCES messaging.messenger_sessions (id) ON DELETE SET NULL,
        ADD CONSTRAINT messenger_sessions_fallback_not_itself CHECK (fallback_session_id <> id)`);
    await db.query(`
      CREATE TABLE messaging.send_buckets (
        session_id uuid PRIMARY KEY REFERENCES messaging.messenger_sessions (id) ON DELETE CASCADE,
        tokens double precision NOT NULL,
        refilled_at timestamptz NOT NULL,
        cap_day date,
        used_today integer NOT NULL DEFAULT 0,
        available double precision NOT NULL DEFAULT 0,
        granted integer NOT NULL DEFAULT 0
      )`);
    await db.query(`COMMENT ON COLUMN messaging.send_buckets.tokens IS 'at refilled_at; negative = sends already reserved ahead'`);
    await db.query(`COMMENT ON COLUMN messaging.send_buckets.available IS 'tokens the last reservation found (after refill), returned by its UPDATE'`);
    await db.query(`
      CREATE TABLE messaging.session_breakers (
        session_id uuid PRIMARY KEY REFERENCES messaging.messenger_sessions (id) ON DELETE CASCADE,
        state text NOT NULL DEFAULT 'closed' CHECK (state IN ('closed', 'open', 'half_open')),
        failures integer NOT NULL DEFAULT 0,
        opened_at timestamptz,
        probe_at timestamptz,
        updated_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE messaging.send_slots (
        message_id uuid PRIMARY KEY,
        session_id uuid NOT NULL,
        due_at timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE messaging.send_slots`);
    await db.query(`DROP TABLE messaging.session_breakers`);
    await db.query(`DROP TABLE messaging.send_buckets`);
    await db.query(`ALTER TABLE messaging.messenger_sessions DROP CONSTRAINT messenger_sessions_fallback_not_itself, DROP COLUMN fallback_session_id, DROP COLUMN pace`);
  }
}
