import { DomainEvent } from '@app/shared-kernel';

export class MessageCancelled implements DomainEvent {
  readonly type = 'messaging.message.cancelled';

  constructor(
    readonly aggregateId: string,
    readonly ownerId: string,
    readonly messenger: string,
    readonly to: string,
    readonly occurredAt: Date,
  ) {}
}
