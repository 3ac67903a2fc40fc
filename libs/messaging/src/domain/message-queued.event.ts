import { DomainEvent } from '@app/shared-kernel';

export class MessageQueued implements DomainEvent {
  readonly type = 'messaging.message.queued';

  constructor(
    readonly aggregateId: string,
    readonly ownerId: string,
    readonly occurredAt: Date,
  ) {}
}
