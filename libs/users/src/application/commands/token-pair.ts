import { AccessToken } from '../ports/access-token-issuer';

export interface TokenPair {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
}

export function tokenPair(access: AccessToken, sessionId: string, refreshSecret: string): TokenPair {
  return {
    access_token: access.token,
    token_type: 'Bearer',
    expires_in: access.expiresInSeconds,
    refresh_token: `${sessionId}.${refreshSecret}`,
  };
}
