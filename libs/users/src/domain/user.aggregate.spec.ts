import { Email } from './email.vo';
import { User } from './user.aggregate';
import { UserRegistered } from './user-registered.event';
import { InvalidEmail } from './user.errors';

describe('User', () => {
  it('records UserRegistered when registered', () => {
    const now = new Date('2026-01-02T03:04:05Z');
    const user = User.register(Email.of('Ada@Example.com'), 'hash', 'user', now);
    const events = user.pullEvents();
    expect(events).toEqual([new UserRegistered(user.id, 'ada@example.com', 'user', now)]);
    expect(user.pullEvents()).toEqual([]);
  });

  it('is promoted to admin', () => {
    const user = User.register(Email.of('a@b.io'), 'hash', 'user');
    user.promote();
    expect(user.role).toBe('admin');
  });
});

describe('Email', () => {
  it('is trimmed and lower-cased', () => {
    expect(Email.of('  Ada@Example.COM ').value).toBe('ada@example.com');
  });

  it.each(['', 'ada', 'ada@', '@example.com', 'a b@example.com', `${'a'.repeat(250)}@example.com`])('rejects %j', (raw) => {
    expect(() => Email.of(raw)).toThrow(InvalidEmail);
  });
});
