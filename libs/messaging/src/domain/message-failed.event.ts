import { DomainEvent } from '@app/shared-kernel';

export class MessageFailed implements DomainEvent {
  readonly type = 'messaging.message.failed';

  constructor(
    readonly aggregateId: string,
    readonly ownerId: string,
    readonly reason: string,
    readonly occurredAt: Date,
  ) {}
}
