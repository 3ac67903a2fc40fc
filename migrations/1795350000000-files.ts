import { MigrationInterface, QueryRunner } from 'typeorm';

export class Files1795350000000 implements MigrationInterface {
  name = 'Files1795350000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA IF NOT EXISTS files`);
    await db.query(`
      CREATE TABLE files.files (
        id uuid PRIMARY KEY,
        owner_id uuid NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
        storage_key text NOT NULL,
        status text NOT NULL CHECK (status IN ('uploading', 'stored')),
        size bigint CHECK (size > 0),
        content_type text,
        sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        created_at timestamptz NOT NULL,
        stored_at timestamptz,
        deleted_at timestamptz,
        object_removed_at timestamptz,
        CONSTRAINT files_storage_key_unique UNIQUE (storage_key),
        CONSTRAINT files_stored_complete CHECK (status <> 'stored' OR (size IS NOT NULL AND content_type IS NOT NULL AND sha256 IS NOT NULL AND stored_at IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX files_owner_id_idx ON files.files (owner_id, id DESC) WHERE status = 'stored' AND deleted_at IS NULL`);
    await db.query(`CREATE INDEX files_uploading_idx ON files.files (created_at) WHERE status = 'uploading'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP SCHEMA files CASCADE`);
  }
}
