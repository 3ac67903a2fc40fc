import { AuthSession } from './auth-session.aggregate';

const HOUR = 3_600_000;
const t0 = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('AuthSession', () => {
  it('rotates the refresh token hash on refresh', () => {
    const session = AuthSession.open('user-1', 'h1', HOUR, t0);
    expect(session.refresh('h1', 'h2', at(1))).toBe('rotated');
    expect(session.snapshot()).toMatchObject({ refreshTokenHash: 'h2', generation: 2, revokedAt: null });
  });

  it('revokes the whole session when a rotated-away token comes back', () => {
    const session = AuthSession.open('user-1', 'h1', HOUR, t0);
    session.refresh('h1', 'h2', at(1));
    expect(session.refresh('h1', 'h3', at(2))).toBe('reused');
    expect(session.snapshot()).toMatchObject({ revokedAt: at(2), revokedReason: 'refresh token reused' });
    expect(session.refresh('h2', 'h4', at(3))).toBe('revoked');
  });

  it('refuses to refresh once expired', () => {
    const session = AuthSession.open('user-1', 'h1', HOUR, t0);
    expect(session.refresh('h1', 'h2', at(HOUR))).toBe('expired');
    expect(session.snapshot().refreshTokenHash).toBe('h1');
  });

  it('keeps the first revocation', () => {
    const session = AuthSession.open('user-1', 'h1', HOUR, t0);
    session.revoke('logged out', at(1));
    session.revoke('again', at(2));
    expect(session.snapshot()).toMatchObject({ revokedAt: at(1), revokedReason: 'logged out' });
  });
});
