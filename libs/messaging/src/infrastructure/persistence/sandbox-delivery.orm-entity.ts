import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What the sandbox messenger accepted: one row per message id, its idempotency key. */
@Entity({ schema: 'messaging', name: 'sandbox_deliveries' })
export class SandboxDeliveryOrmEntity {
  @PrimaryColumn('uuid', { name: 'message_id' })
  messageId: string;

  @Column('uuid', { name: 'owner_id' })
  ownerId: string;

  @Column('text')
  to: string;

  @Column('text')
  text: string;

  @Column('text', { name: 'provider_message_id' })
  providerMessageId: string;

  @Column('timestamptz', { name: 'accepted_at' })
  acceptedAt: Date;
}
