import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { RefreshOutcome } from '../../../domain/auth-session.aggregate';
import { InvalidRefreshToken } from '../../../domain/user.errors';
import { hashSecret, newSecret } from '../../opaque-token';
import { AccessTokenIssuer } from '../../ports/access-token-issuer';
import { AuthSessionRepository } from '../../ports/auth-session.repository';
import { UserRepository } from '../../ports/user.repository';
import { TokenPair, tokenPair } from '../token-pair';
import { RefreshSessionCommand } from './refresh-session.command';

const TOKEN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([\w-]{20,100})$/i;

@CommandHandler(RefreshSessionCommand)
export class RefreshSessionHandler implements ICommandHandler<RefreshSessionCommand> {
  constructor(
    private readonly sessions: AuthSessionRepository,
    private readonly users: UserRepository,
    private readonly tokens: AccessTokenIssuer,
  ) {}

  // why: a reused token must revoke the session *and* answer 401, so the revocation commits before the error is thrown.
  async execute({ refreshToken }: RefreshSessionCommand): Promise<TokenPair> {
    const result = await this.rotate(refreshToken);
    if (typeof result === 'string') throw new InvalidRefreshToken(REASONS[result]);
    return result;
  }

  @Transactional()
  private async rotate(refreshToken: string): Promise<TokenPair | Exclude<RefreshOutcome, 'rotated'> | 'unknown'> {
    const [, sessionId, secret] = TOKEN.exec(refreshToken) ?? [];
    const session = sessionId ? await this.sessions.findForUpdate(sessionId) : null;
    const user = session ? await this.users.findById(session.userId) : null;
    if (!session || !user) return 'unknown';
    const nextSecret = newSecret();
    const outcome = session.refresh(hashSecret(secret), hashSecret(nextSecret));
    await this.sessions.save(session);
    if (outcome !== 'rotated') return outcome;
    const access = await this.tokens.issue({ userId: user.id, role: user.role, sessionId: session.id });
    return tokenPair(access, session.id, nextSecret);
  }
}

const REASONS: Record<Exclude<RefreshOutcome, 'rotated'> | 'unknown', string> = {
  unknown: 'it is unknown',
  expired: 'the session has expired',
  revoked: 'the session was revoked',
  reused: 'it was already used, so the session has been revoked',
};
