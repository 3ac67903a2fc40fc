import { Column, Entity, PrimaryColumn, ValueTransformer } from 'typeorm';
import type { FileStatus } from '../../domain/stored-file.aggregate';

// why: PostgreSQL bigint comes back as a string; file sizes stay far below 2^53, so a number holds them exactly.
const BIGINT_AS_NUMBER: ValueTransformer = { to: (value: number | null) => value, from: (value: string | null) => (value === null ? null : Number(value)) };

@Entity({ schema: 'files', name: 'files' })
export class FileOrmEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'owner_id' })
  ownerId: string;

  @Column('text')
  name: string;

  @Column('text', { name: 'storage_key' })
  storageKey: string;

  @Column('text')
  status: FileStatus;

  @Column('bigint', { nullable: true, transformer: BIGINT_AS_NUMBER })
  size: number | null;

  @Column('text', { name: 'content_type', nullable: true })
  contentType: string | null;

  @Column('text', { nullable: true })
  sha256: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'stored_at', nullable: true })
  storedAt: Date | null;

  @Column('timestamptz', { name: 'deleted_at', nullable: true })
  deletedAt: Date | null;

  @Column('timestamptz', { name: 'object_removed_at', nullable: true })
  objectRemovedAt: Date | null;
}
