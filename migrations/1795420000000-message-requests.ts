import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Message requests: a message knows the request (the import) it came from, and an import knows the last row its
 * batches processed, so that a batch run again is told from the next one.
 */
export class MessageRequests1795420000000 implements MigrationInterface {
  name = 'MessageRequests1795420000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE messaging.messages ADD COLUMN request_id uuid`);
    // why: the request's messages by owner (its counts, its list, its cancel), and its duplicate recipients, from one index.
    await db.query(`CREATE INDEX messages_owner_request_idx ON messaging.messages (owner_id, request_id, "to") WHERE request_id IS NOT NULL`);
    await db.query(`ALTER TABLE importing.imports ADD COLUMN last_processed_row integer NOT NULL DEFAULT 0`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE importing.imports DROP COLUMN last_processed_row`);
    await db.query(`DROP INDEX messaging.messages_owner_request_idx`);
    await db.query(`ALTER TABLE messaging.messages DROP COLUMN request_id`);
  }
}
