import { DomainEvent } from '@app/shared-kernel';
import { USER_REGISTERED_V1 } from '../../contracts/user-registered.v1';
import { UserRegistered } from '../../domain/user-registered.event';
import { toIntegrationEvent } from './users.published-events';

const USER_ID = '0190a000-0000-7000-8000-000000000001';
const AT = new Date('2026-03-04T05:06:07.089Z');

describe('toIntegrationEvent', () => {
  it('publishes UserRegistered as users.user.registered.v1', () => {
    const event = toIntegrationEvent(new UserRegistered(USER_ID, 'ada@example.com', 'user', AT));

    expect(event).toEqual({
      type: 'users.user.registered.v1',
      schemaVersion: 1,
      aggregateType: 'user',
      aggregateId: USER_ID,
      occurredAt: '2026-03-04T05:06:07.089Z',
      payload: { user_id: USER_ID, email: 'ada@example.com', role: 'user', registered_at: '2026-03-04T05:06:07.089Z' },
    });
    expect(event?.type).toBe(USER_REGISTERED_V1);
  });

  it('keeps the admin role of an admin registration', () => {
    const event = toIntegrationEvent(new UserRegistered(USER_ID, 'root@example.com', 'admin', AT));

    expect(event?.payload).toMatchObject({ role: 'admin' });
  });

  it('publishes nothing for a domain event without a contract', () => {
    const internal: DomainEvent = { type: 'users.user.promoted', aggregateId: USER_ID, occurredAt: AT };

    expect(toIntegrationEvent(internal)).toBeNull();
  });
});
