import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AccessToken, AccessTokenIssuer } from '../../application/ports/access-token-issuer';
import { UserRole } from '../../domain/user.aggregate';

export const JWT_ALGORITHM = 'HS256';
export const JWT_ISSUER = 'missive';
export const JWT_AUDIENCE = 'missive-api';

export interface AccessTokenClaims {
  sub: string;
  sid: string;
  role: UserRole;
}

@Injectable()
export class JwtAccessTokenIssuer extends AccessTokenIssuer {
  constructor(
    private readonly jwt: JwtService,
    private readonly ttlMs: number,
  ) {
    super();
  }

  async issue({ userId, role, sessionId }: { userId: string; role: UserRole; sessionId: string }): Promise<AccessToken> {
    const expiresInSeconds = Math.floor(this.ttlMs / 1000);
    const claims: AccessTokenClaims = { sub: userId, sid: sessionId, role };
    const token = await this.jwt.signAsync(claims, {
      algorithm: JWT_ALGORITHM,
      expiresIn: expiresInSeconds,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
    });
    return { token, expiresInSeconds };
  }
}
