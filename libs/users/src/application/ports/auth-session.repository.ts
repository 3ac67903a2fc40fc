import { AuthSession } from '../../domain/auth-session.aggregate';

/** Login sessions and the hash of their current refresh token. */
export abstract class AuthSessionRepository {
  abstract save(session: AuthSession): Promise<void>;
  /** The session, locked for update until the transaction ends, so two refreshes cannot both rotate it. */
  abstract findForUpdate(id: string): Promise<AuthSession | null>;
}
