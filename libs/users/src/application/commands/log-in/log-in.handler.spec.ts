import { handlerTestingModule } from '@app/platform/testing/handler-testing-module';
import { Email } from '../../../domain/email.vo';
import { User } from '../../../domain/user.aggregate';
import { InvalidCredentials } from '../../../domain/user.errors';
import {
  FakeAccessTokenIssuer,
  FakePasswordHasher,
  InMemoryAuthSessionRepository,
  InMemoryUserRepository,
} from '../../../testing/in-memory-users';
import { AdminEmails } from '../../admin-emails';
import { hashSecret } from '../../opaque-token';
import { AccessTokenIssuer } from '../../ports/access-token-issuer';
import { AuthSessionRepository } from '../../ports/auth-session.repository';
import { PasswordHasher } from '../../ports/password-hasher';
import { UserRepository } from '../../ports/user.repository';
import { SessionSettings } from '../../session-settings';
import { LogInCommand } from './log-in.command';
import { LogInHandler } from './log-in.handler';

describe('LogInHandler', () => {
  let users: InMemoryUserRepository;
  let sessions: InMemoryAuthSessionRepository;
  let handler: LogInHandler;
  let hasher: FakePasswordHasher;
  let ada: User;

  beforeEach(async () => {
    users = new InMemoryUserRepository();
    sessions = new InMemoryAuthSessionRepository();
    ada = User.register(Email.of('ada@example.com'), 'hashed:right-Password-1', 'user');
    await users.save(ada);
    const module = await handlerTestingModule([
      LogInHandler,
      { provide: UserRepository, useValue: users },
      { provide: AuthSessionRepository, useValue: sessions },
      { provide: PasswordHasher, useClass: FakePasswordHasher },
      { provide: AccessTokenIssuer, useClass: FakeAccessTokenIssuer },
      { provide: AdminEmails, useValue: new AdminEmails(['root@example.com']) },
      { provide: SessionSettings, useValue: new SessionSettings(60_000) },
    ]);
    handler = module.get(LogInHandler);
    hasher = module.get(PasswordHasher);
  });

  it('opens a session and returns a token pair whose refresh token matches the stored hash', async () => {
    const pair = await handler.execute(new LogInCommand('ADA@example.com', 'right-Password-1'));
    const [sessionId, secret] = pair.refresh_token.split('.');
    const session = sessions.sessions.get(sessionId)!.snapshot();
    expect(session.userId).toBe(ada.id);
    expect(session.refreshTokenHash).toBe(hashSecret(secret));
    expect(pair).toMatchObject({ token_type: 'Bearer', expires_in: 900, access_token: `token:${ada.id}:user:${sessionId}` });
  });

  it('verifies the password outside any transaction', async () => {
    await handler.execute(new LogInCommand('ada@example.com', 'right-Password-1'));
    await expect(handler.execute(new LogInCommand('ada@example.com', 'wrong-Password-1'))).rejects.toThrow(InvalidCredentials);
    expect(hasher.callsInTransaction).toEqual([false, false]);
  });

  it.each([
    ['a wrong password', 'ada@example.com', 'wrong-Password-1'],
    ['an unknown email', 'nobody@example.com', 'right-Password-1'],
    ['a malformed email', 'not-an-email', 'right-Password-1'],
  ])('gives the same answer for %s', async (_, email, password) => {
    await expect(handler.execute(new LogInCommand(email, password))).rejects.toThrow(new InvalidCredentials());
    expect(sessions.sessions.size).toBe(0);
  });

  it('promotes a user the operator has since listed in ADMIN_EMAILS', async () => {
    const root = User.register(Email.of('root@example.com'), 'hashed:root-Password-1', 'user');
    await users.save(root);
    const pair = await handler.execute(new LogInCommand('root@example.com', 'root-Password-1'));
    expect(users.users.get(root.id)!.role).toBe('admin');
    expect(pair.access_token).toContain(':admin:');
  });
});
