import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { AuthSession } from '../../../domain/auth-session.aggregate';
import { Email } from '../../../domain/email.vo';
import { User } from '../../../domain/user.aggregate';
import { InvalidCredentials, InvalidEmail } from '../../../domain/user.errors';
import { AdminEmails } from '../../admin-emails';
import { hashSecret, newSecret } from '../../opaque-token';
import { AccessTokenIssuer } from '../../ports/access-token-issuer';
import { AuthSessionRepository } from '../../ports/auth-session.repository';
import { PasswordHasher } from '../../ports/password-hasher';
import { UserRepository } from '../../ports/user.repository';
import { SessionSettings } from '../../session-settings';
import { tokenPair } from '../token-pair';
import { LogInCommand } from './log-in.command';

@CommandHandler(LogInCommand)
export class LogInHandler implements ICommandHandler<LogInCommand> {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: AuthSessionRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: AccessTokenIssuer,
    private readonly adminEmails: AdminEmails,
    private readonly settings: SessionSettings,
  ) {}

  async execute({ email, password }: LogInCommand) {
    const address = parseOrNull(email);
    const user = address ? await this.users.findByEmail(address) : null;
    const valid = await this.hasher.verify(user?.passwordHash ?? null, password);
    if (!user || !valid) throw new InvalidCredentials();
    const refreshSecret = newSecret();
    const session = await this.openSession(user, hashSecret(refreshSecret));
    const access = await this.tokens.issue({ userId: user.id, role: user.role, sessionId: session.id });
    return tokenPair(access, session.id, refreshSecret);
  }

  @Transactional()
  private async openSession(user: User, refreshTokenHash: string): Promise<AuthSession> {
    if (user.role !== 'admin' && this.adminEmails.includes(user.email)) {
      user.promote();
      await this.users.save(user);
    }
    const session = AuthSession.open(user.id, refreshTokenHash, this.settings.refreshTokenTtlMs);
    await this.sessions.save(session);
    return session;
  }
}

function parseOrNull(email: string): Email | null {
  try {
    return Email.of(email);
  } catch (error) {
    if (error instanceof InvalidEmail) return null;
    throw error;
  }
}
