import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Every call the sandbox messenger received, duplicates included. */
@Entity({ schema: 'messaging', name: 'sandbox_calls' })
export class SandboxCallOrmEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'message_id' })
  messageId: string;

  @Column('uuid', { name: 'owner_id', nullable: true })
  ownerId: string | null;

  @Column('text')
  to: string;

  @Column('text')
  text: string;

  @Column('timestamptz', { name: 'called_at' })
  calledAt: Date;

  @Column('boolean')
  duplicate: boolean;
}
