import { CODE_TTL_MS, MAX_ATTEMPTS, QR_TTL_MS, Session } from './session.aggregate';
import { SessionNotAwaiting } from './session.errors';

const OWNER = '0190a000-0000-7000-8000-0000000000a1';
const T0 = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const activation = { secrets: { session: 's3cret' }, address: '+15550100', displayName: 'Ann' };

function awaitingCode() {
  return Session.awaitingCode({ ownerId: OWNER, messenger: 'telegram', address: '+15550100', state: { hash: 'h' } }, T0);
}

function awaitingQr() {
  return Session.awaitingQr({ ownerId: OWNER, messenger: 'whatsapp', state: { instance: 'i' }, qr: { code: 'qr-1', pairingCode: 'ABCD' }, webhookSecretHash: 'x' }, T0);
}

describe('Session', () => {
  it('waits for a code for five minutes, keeping the adapter state', () => {
    const session = awaitingCode();
    expect(session.snapshot()).toMatchObject({ status: 'pending_code', address: '+15550100', secrets: { hash: 'h' }, expiresAt: at(CODE_TTL_MS) });
  });

  it('goes pending_code → active when the code is right', () => {
    const session = awaitingCode();
    session.codeAccepted(activation, at(1000));
    expect(session.snapshot()).toMatchObject({ status: 'active', secrets: { session: 's3cret' }, displayName: 'Ann', expiresAt: null });
  });

  it('goes pending_code → pending_password → active for an account with two-step verification', () => {
    const session = awaitingCode();
    session.codeAccepted({ password: { srp: 'p' } }, at(1000));
    expect(session.snapshot()).toMatchObject({ status: 'pending_password', secrets: { srp: 'p' }, expiresAt: at(1000 + CODE_TTL_MS) });
    session.passwordAccepted(activation, at(2000));
    expect(session.status).toBe('active');
  });

  it('counts wrong codes and locks the session at the fifth', () => {
    const session = awaitingCode();
    for (let left = MAX_ATTEMPTS - 1; left > 0; left--) expect(session.attemptRejected(at(1))).toBe(left);
    expect(session.status).toBe('pending_code');
    expect(session.attemptRejected(at(2))).toBe(0);
    expect(session.snapshot()).toMatchObject({ status: 'failed', reason: expect.stringMatching(/locked after 5/), secrets: {} });
    expect(() => session.codeAccepted(activation, at(3))).toThrow(SessionNotAwaiting);
  });

  it('counts wrong passwords on the same counter', () => {
    const session = awaitingCode();
    session.attemptRejected(at(1));
    session.codeAccepted({ password: {} }, at(2));
    for (let i = 1; i < MAX_ATTEMPTS; i++) session.attemptRejected(at(3));
    expect(session.status).toBe('failed');
  });

  it('expires a code not used in time, and then refuses it', () => {
    const session = awaitingCode();
    expect(session.expireIfDue(at(CODE_TTL_MS - 1))).toBe(false);
    expect(() => session.codeAccepted(activation, at(CODE_TTL_MS))).toThrow(/expired \(the code was not entered in time\)/);
    expect(session.snapshot()).toMatchObject({ status: 'expired', secrets: {}, expiresAt: null });
  });

  it('expires a password not given in time', () => {
    const session = awaitingCode();
    session.codeAccepted({ password: {} }, at(0));
    expect(session.expireIfDue(at(CODE_TTL_MS))).toBe(true);
    expect(session.snapshot().reason).toBe('the password was not entered in time');
  });

  it('goes pending_qr → active when scanned, showing each rotated QR until then', () => {
    const session = awaitingQr();
    session.qrRotated({ code: 'qr-2', pairingCode: null }, null, at(20_000));
    expect(session.snapshot()).toMatchObject({ status: 'pending_qr', qr: { code: 'qr-2' }, secrets: { instance: 'i' } });
    session.qrScanned({ secrets: null, address: '+15550111' }, at(30_000));
    expect(session.snapshot()).toMatchObject({ status: 'active', qr: null, address: '+15550111', secrets: { instance: 'i' } });
  });

  it('expires a QR not scanned within two minutes, rotations or not', () => {
    const session = awaitingQr();
    session.qrRotated({ code: 'qr-2', pairingCode: null }, null, at(QR_TTL_MS - 1));
    expect(session.expireIfDue(at(QR_TTL_MS))).toBe(true);
    expect(session.snapshot()).toMatchObject({ status: 'expired', qr: null, reason: 'the QR code was not scanned in time' });
  });

  it('starts active from credentials, then goes active → expired | failed | revoked', () => {
    const connect = () => Session.connected({ ownerId: OWNER, messenger: 'sms', ...activation }, T0);
    const expired = connect();
    expired.expire('AUTH_KEY_UNREGISTERED', at(1));
    expect(expired.snapshot()).toMatchObject({ status: 'expired', reason: 'AUTH_KEY_UNREGISTERED', secrets: {} });
    const failed = connect();
    failed.fail('banned', at(1));
    expect(failed.status).toBe('failed');
    const revoked = connect();
    revoked.revoke(at(1));
    revoked.revoke(at(2));
    expect(revoked.snapshot()).toMatchObject({ status: 'revoked', updatedAt: at(1) });
  });

  it('refuses steps of another state', () => {
    const session = awaitingQr();
    expect(() => session.codeAccepted(activation)).toThrow(SessionNotAwaiting);
    expect(() => session.attemptRejected()).toThrow(SessionNotAwaiting);
    expect(() => session.expire('x', at(1))).toThrow(SessionNotAwaiting);
    expect(() => awaitingCode().qrRotated({ code: 'c', pairingCode: null }, null, at(1))).toThrow(SessionNotAwaiting);
  });

  it('lets its owner revoke a pending session', () => {
    const session = awaitingCode();
    session.revoke(at(1));
    expect(session.snapshot()).toMatchObject({ status: 'revoked', secrets: {} });
  });
});
