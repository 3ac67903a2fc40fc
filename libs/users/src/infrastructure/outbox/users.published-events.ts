import { integrationEvent, OutboxMessage } from '@app/platform';
import { DomainEvent, IntegrationEvent } from '@app/shared-kernel';
import { USER_REGISTERED_V1, UserRegisteredV1 } from '../../contracts/user-registered.v1';
import { UserRegistered } from '../../domain/user-registered.event';

/** The domain events of this context that other contexts may hear, as their published contracts. */
export function toIntegrationEvent(event: DomainEvent): IntegrationEvent | null {
  if (event instanceof UserRegistered) {
    const payload: UserRegisteredV1 = {
      user_id: event.aggregateId,
      email: event.email,
      role: event.role === 'admin' ? 'admin' : 'user',
      registered_at: event.occurredAt.toISOString(),
    };
    return {
      type: USER_REGISTERED_V1,
      schemaVersion: 1,
      aggregateType: 'user',
      aggregateId: event.aggregateId,
      occurredAt: payload.registered_at,
      payload,
    };
  }
  return null;
}

/** The outbox rows for what a users aggregate recorded: its published events; private ones stay behind. */
export function toOutboxMessages(events: DomainEvent[]): OutboxMessage[] {
  return events.map(toIntegrationEvent).filter((event): event is IntegrationEvent => event !== null).map(integrationEvent);
}
