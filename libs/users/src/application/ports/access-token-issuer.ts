import { UserRole } from '../../domain/user.aggregate';

export interface AccessToken {
  token: string;
  expiresInSeconds: number;
}

/** Short-lived signed access tokens for a user's session. */
export abstract class AccessTokenIssuer {
  abstract issue(claims: { userId: string; role: UserRole; sessionId: string }): Promise<AccessToken>;
}
