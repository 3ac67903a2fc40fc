import { handlerTestingModule } from '@app/platform/testing/handler-testing-module';
import { AuthSession } from '../../../domain/auth-session.aggregate';
import { Email } from '../../../domain/email.vo';
import { User } from '../../../domain/user.aggregate';
import { InvalidRefreshToken } from '../../../domain/user.errors';
import { FakeAccessTokenIssuer, InMemoryAuthSessionRepository, InMemoryUserRepository } from '../../../testing/in-memory-users';
import { hashSecret } from '../../opaque-token';
import { AccessTokenIssuer } from '../../ports/access-token-issuer';
import { AuthSessionRepository } from '../../ports/auth-session.repository';
import { UserRepository } from '../../ports/user.repository';
import { RefreshSessionCommand } from './refresh-session.command';
import { RefreshSessionHandler } from './refresh-session.handler';

const SECRET = 'first-secret-of-this-session-0123456789';

describe('RefreshSessionHandler', () => {
  let sessions: InMemoryAuthSessionRepository;
  let handler: RefreshSessionHandler;
  let session: AuthSession;

  beforeEach(async () => {
    const users = new InMemoryUserRepository();
    sessions = new InMemoryAuthSessionRepository();
    const user = User.register(Email.of('ada@example.com'), 'hash', 'user');
    await users.save(user);
    session = AuthSession.open(user.id, hashSecret(SECRET), 60_000);
    await sessions.save(session);
    const module = await handlerTestingModule([
      RefreshSessionHandler,
      { provide: UserRepository, useValue: users },
      { provide: AuthSessionRepository, useValue: sessions },
      { provide: AccessTokenIssuer, useClass: FakeAccessTokenIssuer },
    ]);
    handler = module.get(RefreshSessionHandler);
  });

  it('rotates: the new refresh token works once, the old one no longer', async () => {
    const next = await handler.execute(new RefreshSessionCommand(`${session.id}.${SECRET}`));
    expect(next.refresh_token).not.toBe(`${session.id}.${SECRET}`);
    const after = await handler.execute(new RefreshSessionCommand(next.refresh_token));
    expect(after.refresh_token.startsWith(`${session.id}.`)).toBe(true);
  });

  it('revokes the session, and commits the revocation, when a spent token is reused', async () => {
    const next = await handler.execute(new RefreshSessionCommand(`${session.id}.${SECRET}`));
    await expect(handler.execute(new RefreshSessionCommand(`${session.id}.${SECRET}`))).rejects.toThrow(InvalidRefreshToken);
    expect(sessions.sessions.get(session.id)!.snapshot().revokedReason).toBe('refresh token reused');
    await expect(handler.execute(new RefreshSessionCommand(next.refresh_token))).rejects.toThrow(/revoked/);
  });

  it.each(['', 'garbage', `${'0'.repeat(36)}.${SECRET}`, '01a20137-d5ed-70cf-90d9-f9945f7b6da2'])('rejects %j as unknown', async (token) => {
    await expect(handler.execute(new RefreshSessionCommand(token))).rejects.toThrow(InvalidRefreshToken);
  });
});
