import { MigrationInterface, QueryRunner } from 'typeorm';

export class Users1795320000000 implements MigrationInterface {
  name = 'Users1795320000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA IF NOT EXISTS users`);
    await db.query(`
      CREATE TABLE users.users (
        id uuid PRIMARY KEY,
        email text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_email_unique UNIQUE (email)
      )`);
    await db.query(`
      CREATE TABLE users.auth_sessions (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users.users (id) ON DELETE CASCADE,
        refresh_token_hash text NOT NULL,
        generation integer NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text
      )`);
    await db.query(`CREATE INDEX auth_sessions_user_id_idx ON users.auth_sessions (user_id, created_at)`);
    await db.query(`
      CREATE TABLE users.api_keys (
        id uuid PRIMARY KEY,
        owner_id uuid NOT NULL REFERENCES users.users (id) ON DELETE CASCADE,
        name text NOT NULL,
        prefix text NOT NULL,
        key_hash text NOT NULL,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz,
        CONSTRAINT api_keys_key_hash_unique UNIQUE (key_hash)
      )`);
    await db.query(`CREATE INDEX api_keys_owner_id_idx ON users.api_keys (owner_id, id DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP SCHEMA users CASCADE`);
  }
}
