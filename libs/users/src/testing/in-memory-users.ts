import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { AccessToken, AccessTokenIssuer } from '../application/ports/access-token-issuer';
import { ApiKeyRepository } from '../application/ports/api-key.repository';
import { AuthSessionRepository } from '../application/ports/auth-session.repository';
import { PasswordHasher } from '../application/ports/password-hasher';
import { UserRepository } from '../application/ports/user.repository';
import { ApiKey } from '../domain/api-key.aggregate';
import { AuthSession } from '../domain/auth-session.aggregate';
import { Email } from '../domain/email.vo';
import { User, UserRole } from '../domain/user.aggregate';
import { DomainEvent } from '@app/shared-kernel';

export class InMemoryUserRepository extends UserRepository {
  readonly users = new Map<string, User>();
  readonly published: DomainEvent[] = [];

  async save(user: User): Promise<void> {
    this.published.push(...user.pullEvents());
    this.users.set(user.id, user);
  }

  async findById(id: string): Promise<User | null> {
    return this.users.get(id) ?? null;
  }

  async findByEmail(email: Email): Promise<User | null> {
    return [...this.users.values()].find((user) => user.email.value === email.value) ?? null;
  }

  async existsByEmail(email: Email): Promise<boolean> {
    return (await this.findByEmail(email)) !== null;
  }
}

export class InMemoryAuthSessionRepository extends AuthSessionRepository {
  readonly sessions = new Map<string, AuthSession>();

  async save(session: AuthSession): Promise<void> {
    this.sessions.set(session.id, AuthSession.restore(session.snapshot()));
  }

  async findForUpdate(id: string): Promise<AuthSession | null> {
    const session = this.sessions.get(id);
    return session ? AuthSession.restore(session.snapshot()) : null;
  }
}

export class InMemoryApiKeyRepository extends ApiKeyRepository {
  readonly keys = new Map<string, ApiKey>();

  async save(apiKey: ApiKey): Promise<void> {
    this.keys.set(apiKey.id, apiKey);
  }

  async findOwned(id: string, ownerId: string): Promise<ApiKey | null> {
    const key = this.keys.get(id);
    return key && key.snapshot().ownerId === ownerId ? key : null;
  }
}

/** Reversible on purpose, so specs can tell a hash from a password; it notes whether each call ran in a transaction. */
@Injectable()
export class FakePasswordHasher extends PasswordHasher {
  readonly callsInTransaction: boolean[] = [];

  constructor(private readonly txHost: TransactionHost) {
    super();
  }

  async hash(password: string): Promise<string> {
    this.callsInTransaction.push(this.txHost.isTransactionActive());
    return `hashed:${password}`;
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    this.callsInTransaction.push(this.txHost.isTransactionActive());
    return hash === `hashed:${password}`;
  }
}

export class FakeAccessTokenIssuer extends AccessTokenIssuer {
  async issue(claims: { userId: string; role: UserRole; sessionId: string }): Promise<AccessToken> {
    return { token: `token:${claims.userId}:${claims.role}:${claims.sessionId}`, expiresInSeconds: 900 };
  }
}
