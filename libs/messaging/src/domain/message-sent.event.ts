import { DomainEvent } from '@app/shared-kernel';

export class MessageSent implements DomainEvent {
  readonly type = 'messaging.message.sent';

  constructor(
    readonly aggregateId: string,
    readonly ownerId: string,
    readonly messenger: string,
    readonly to: string,
    readonly providerMessageId: string,
    readonly occurredAt: Date,
  ) {}
}
