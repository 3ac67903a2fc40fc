import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MessageStatus } from '../../domain/message.aggregate';

/** One entry of a message's status history; `seq` is its place in it. */
@Entity({ schema: 'messaging', name: 'message_events' })
export class MessageEventOrmEntity {
  @PrimaryColumn('uuid', { name: 'owner_id' })
  ownerId: string;

  @PrimaryColumn('uuid', { name: 'message_id' })
  messageId: string;

  @PrimaryColumn('smallint')
  seq: number;

  @Column('text')
  status: MessageStatus;

  @Column('text', { nullable: true })
  detail: string | null;

  @Column('timestamptz')
  at: Date;
}
