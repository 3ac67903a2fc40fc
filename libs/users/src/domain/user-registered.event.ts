import { DomainEvent } from '@app/shared-kernel';

export class UserRegistered implements DomainEvent {
  readonly type = 'users.user.registered';
  readonly occurredAt: Date;

  constructor(
    readonly aggregateId: string,
    readonly email: string,
    readonly role: string,
    occurredAt: Date,
  ) {
    this.occurredAt = occurredAt;
  }
}
