import { AggregateRoot, uuidV7 } from '@app/shared-kernel';

export interface AuthSessionState {
  id: string;
  userId: string;
  refreshTokenHash: string;
  generation: number;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
}

export type RefreshOutcome = 'rotated' | 'expired' | 'revoked' | 'reused';

/**
 * A login: it holds the hash of the one refresh token currently valid. Refreshing rotates it; a token
 * presented after it was rotated away means it leaked, so the whole session is revoked.
 */
export class AuthSession extends AggregateRoot {
  private constructor(private readonly state: AuthSessionState) {
    super();
  }

  static open(userId: string, refreshTokenHash: string, ttlMs: number, now = new Date()): AuthSession {
    return new AuthSession({
      id: uuidV7(now.getTime()),
      userId,
      refreshTokenHash,
      generation: 1,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttlMs),
      revokedAt: null,
      revokedReason: null,
    });
  }

  static restore(state: AuthSessionState): AuthSession {
    return new AuthSession({ ...state });
  }

  get id(): string {
    return this.state.id;
  }

  get userId(): string {
    return this.state.userId;
  }

  snapshot(): Readonly<AuthSessionState> {
    return { ...this.state };
  }

  refresh(presentedHash: string, nextHash: string, now = new Date()): RefreshOutcome {
    if (this.state.revokedAt) return 'revoked';
    if (now >= this.state.expiresAt) return 'expired';
    if (presentedHash !== this.state.refreshTokenHash) {
      this.revoke('refresh token reused', now);
      return 'reused';
    }
    this.state.refreshTokenHash = nextHash;
    this.state.generation += 1;
    return 'rotated';
  }

  revoke(reason: string, now = new Date()): void {
    if (this.state.revokedAt) return;
    this.state.revokedAt = now;
    this.state.revokedReason = reason;
  }
}
