import { DomainEvent } from '@app/shared-kernel';

/** A message accepted to be sent at a later time: its send waits in the outbox until `sendAt`. */
export class MessageScheduled implements DomainEvent {
  readonly type = 'messaging.message.scheduled';

  constructor(
    readonly aggregateId: string,
    readonly ownerId: string,
    readonly sendAt: Date,
    readonly occurredAt: Date,
  ) {}
}
