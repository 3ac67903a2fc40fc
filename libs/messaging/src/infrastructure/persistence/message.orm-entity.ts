import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MessageStatus, MessengerName } from '../../domain/message.aggregate';

@Entity({ schema: 'messaging', name: 'messages' })
export class MessageOrmEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'owner_id' })
  ownerId: string;

  @Column('text')
  messenger: MessengerName;

  @Column('text')
  to: string;

  @Column('text')
  text: string;

  @Column('uuid', { name: 'session_id', nullable: true })
  sessionId: string | null;

  @Column('uuid', { array: true, default: () => "'{}'" })
  attachments: string[];

  @Column('text')
  status: MessageStatus;

  @Column('int')
  attempts: number;

  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  @Column('timestamptz', { name: 'attempted_at', nullable: true })
  attemptedAt: Date | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('text', { name: 'provider_message_id', nullable: true })
  providerMessageId: string | null;

  @Column('text', { name: 'idempotency_key', nullable: true })
  idempotencyKey: string | null;

  @Column('text', { name: 'request_hash', nullable: true })
  requestHash: string | null;

  @Column('uuid', { name: 'request_id', nullable: true })
  requestId: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'send_at', nullable: true })
  sendAt: Date | null;
}
