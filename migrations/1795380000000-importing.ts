import { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES = `'pending', 'staging', 'staged', 'processing', 'completed', 'completed_with_errors', 'failed', 'cancelled'`;

export class Importing1795380000000 implements MigrationInterface {
  name = 'Importing1795380000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA IF NOT EXISTS importing`);
    await db.query(`
      CREATE TABLE importing.imports (
        id uuid PRIMARY KEY,
        owner_id uuid NOT NULL,
        file_id uuid NOT NULL,
        import_type text NOT NULL,
        config jsonb NOT NULL,
        status text NOT NULL CHECK (status IN (${STATUSES})),
        columns text[],
        staged_rows integer NOT NULL DEFAULT 0,
        last_staged_row integer NOT NULL DEFAULT 0,
        processed_rows integer NOT NULL DEFAULT 0,
        valid_rows integer NOT NULL DEFAULT 0,
        invalid_rows integer NOT NULL DEFAULT 0,
        error_code text,
        error text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX imports_owner_id_idx ON importing.imports (owner_id, id DESC)`);
    // why: staging rows are written once by COPY and read in row order by the batches; the key is their only index.
    await db.query(`
      CREATE TABLE importing.import_rows (
        owner_id uuid NOT NULL,
        import_id uuid NOT NULL REFERENCES importing.imports (id) ON DELETE CASCADE,
        "row" integer NOT NULL,
        cells text[] NOT NULL,
        PRIMARY KEY (owner_id, import_id, "row")
      )`);
    await db.query(`
      CREATE TABLE importing.import_row_errors (
        owner_id uuid NOT NULL,
        import_id uuid NOT NULL REFERENCES importing.imports (id) ON DELETE CASCADE,
        "row" integer NOT NULL,
        seq smallint NOT NULL,
        "column" text,
        value text,
        code text NOT NULL,
        message text NOT NULL,
        PRIMARY KEY (owner_id, import_id, "row", seq)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP SCHEMA importing CASCADE`);
  }
}
