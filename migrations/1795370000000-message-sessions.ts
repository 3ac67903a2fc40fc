import { MigrationInterface, QueryRunner } from 'typeorm';

/** A message remembers the session it is sent from and the files sent with it. */
export class MessageSessions1795370000000 implements MigrationInterface {
  name = 'MessageSessions1795370000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE messaging.messages ADD COLUMN session_id uuid, ADD COLUMN attachments uuid[] NOT NULL DEFAULT '{}'`);
    await db.query(`CREATE INDEX messages_owner_session_idx ON messaging.messages (owner_id, session_id, id DESC) WHERE session_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX messaging.messages_owner_session_idx`);
    await db.query(`ALTER TABLE messaging.messages DROP COLUMN attachments, DROP COLUMN session_id`);
  }
}
