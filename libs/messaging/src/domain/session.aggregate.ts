import { AggregateRoot, uuidV7 } from '@app/shared-kernel';
import { SessionNotAwaiting } from './session.errors';

export const SESSION_STATUSES = ['pending_code', 'pending_password', 'pending_qr', 'active', 'expired', 'revoked', 'failed'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** How long a login code, then the two-step password after it, may wait. */
export const CODE_TTL_MS = 5 * 60_000;
/** How long a QR pairing may wait for the phone to scan it; a rotated QR does not extend it. */
export const QR_TTL_MS = 2 * 60_000;
/** Wrong codes and passwords a session takes before it is locked (`failed`). */
export const MAX_ATTEMPTS = 5;

/** What an adapter keeps for a session (a code hash, a session string, provider credentials): encrypted at rest. */
export type SessionSecretValues = Record<string, unknown>;

export interface QrCode {
  code: string;
  pairingCode: string | null;
}

export interface SessionState {
  id: string;
  ownerId: string;
  messenger: string;
  status: SessionStatus;
  /** Our address on the messenger (phone, email, sender number), once known. */
  address: string | null;
  displayName: string | null;
  qr: QrCode | null;
  attempts: number;
  /** Why the session is expired, failed or revoked. */
  reason: string | null;
  /** When a pending session expires. */
  expiresAt: Date | null;
  /** Pending: the adapter's state for the next step; active: what it sends with. */
  secrets: SessionSecretValues;
  /** The SHA-256 of the per-session webhook secret (qr sessions). */
  webhookSecretHash: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type Activation = { secrets: SessionSecretValues; address: string; displayName?: string };
type New = { id?: string; ownerId: string; messenger: string };

const PENDING: readonly SessionStatus[] = ['pending_code', 'pending_password', 'pending_qr'];

/** One connected messenger account of one user, from its first connection step to its end. */
export class Session extends AggregateRoot {
  private constructor(private readonly state: SessionState) {
    super();
  }

  static newId(now = new Date()): string {
    return uuidV7(now.getTime());
  }

  /** A login code was sent to the account (`address`: its phone); it waits for the code. */
  static awaitingCode(fields: New & { address: string; state: SessionSecretValues }, now = new Date()): Session {
    return Session.create(fields, 'pending_code', { address: fields.address, secrets: fields.state, expiresAt: new Date(now.getTime() + CODE_TTL_MS) }, now);
  }

  /** A QR pairing started at the provider; it waits for the phone to scan it. */
  static awaitingQr(fields: New & { state: SessionSecretValues; qr: QrCode; webhookSecretHash: string }, now = new Date()): Session {
    const { state, qr, webhookSecretHash } = fields;
    return Session.create(fields, 'pending_qr', { secrets: state, qr: { ...qr }, webhookSecretHash, expiresAt: new Date(now.getTime() + QR_TTL_MS) }, now);
  }

  /** Credentials the provider accepted at once. */
  static connected(fields: New & Activation, now = new Date()): Session {
    return Session.create(fields, 'active', { secrets: fields.secrets, address: fields.address, displayName: fields.displayName ?? null }, now);
  }

  private static create(fields: New, status: SessionStatus, rest: Partial<SessionState>, now: Date): Session {
    return new Session({
      id: fields.id ?? Session.newId(now),
      ownerId: fields.ownerId,
      messenger: fields.messenger,
      status,
      address: null,
      displayName: null,
      qr: null,
      attempts: 0,
      reason: null,
      expiresAt: null,
      secrets: {},
      webhookSecretHash: null,
      createdAt: now,
      updatedAt: now,
      ...rest,
    });
  }

  static restore(state: SessionState): Session {
    return new Session({ ...state, qr: state.qr && { ...state.qr }, secrets: { ...state.secrets } });
  }

  get id(): string {
    return this.state.id;
  }

  get status(): SessionStatus {
    return this.state.status;
  }

  get secrets(): SessionSecretValues {
    return this.state.secrets;
  }

  get isPending(): boolean {
    return PENDING.includes(this.state.status);
  }

  snapshot(): Readonly<SessionState> {
    return { ...this.state, qr: this.state.qr && { ...this.state.qr }, secrets: { ...this.state.secrets } };
  }

  /** Expires a pending session whose time is up; true when it did. Called whenever a session is read. */
  expireIfDue(now = new Date()): boolean {
    if (!this.isPending || !this.state.expiresAt || now < this.state.expiresAt) return false;
    const what = this.state.status === 'pending_qr' ? 'the QR code was not scanned' : this.state.status === 'pending_code' ? 'the code was not entered' : 'the password was not entered';
    this.end('expired', `${what} in time`, now);
    return true;
  }

  /** Throws unless the session waits for this step (a session whose time is up expires first). */
  expect(status: SessionStatus, now = new Date()): void {
    this.expireIfDue(now);
    if (this.state.status !== status) throw new SessionNotAwaiting(this.id, status, this.state.status, this.state.reason);
  }

  /** The code was right: the account is connected, or it asks for its two-step password next. */
  codeAccepted(next: { password: SessionSecretValues } | Activation, now = new Date()): void {
    this.expect('pending_code', now);
    if ('password' in next) {
      this.state.status = 'pending_password';
      this.state.secrets = next.password;
      this.state.expiresAt = new Date(now.getTime() + CODE_TTL_MS);
      this.state.updatedAt = now;
    } else {
      this.activate(next, now);
    }
  }

  passwordAccepted(activation: Activation, now = new Date()): void {
    this.expect('pending_password', now);
    this.activate(activation, now);
  }

  /** A wrong code or password: counted, and the session is locked (`failed`) at the fifth. Answers the attempts left. */
  attemptRejected(now = new Date()): number {
    if (this.state.status !== 'pending_code' && this.state.status !== 'pending_password') {
      throw new SessionNotAwaiting(this.id, 'pending_code', this.state.status, this.state.reason);
    }
    this.state.attempts += 1;
    this.state.updatedAt = now;
    if (this.state.attempts >= MAX_ATTEMPTS) this.end('failed', `locked after ${MAX_ATTEMPTS} wrong attempts`, now);
    return MAX_ATTEMPTS - this.state.attempts;
  }

  /** The provider rotated the QR code (and perhaps its state). */
  qrRotated(qr: QrCode, state: SessionSecretValues | null = null, now = new Date()): void {
    this.expect('pending_qr', now);
    this.state.qr = { ...qr };
    if (state) this.state.secrets = state;
    this.state.updatedAt = now;
  }

  /** The phone scanned the QR code. */
  qrScanned(activation: Omit<Activation, 'secrets'> & { secrets: SessionSecretValues | null }, now = new Date()): void {
    this.expect('pending_qr', now);
    this.activate({ ...activation, secrets: activation.secrets ?? this.state.secrets }, now);
  }

  /** The provider no longer accepts the account's credentials. */
  expire(reason: string, now = new Date()): void {
    this.expect('active', now);
    this.end('expired', reason, now);
  }

  /** The provider refused the account for good (banned, deleted). */
  fail(reason: string, now = new Date()): void {
    this.expect('active', now);
    this.end('failed', reason, now);
  }

  /** The owner ended the session; ending it again changes nothing. */
  revoke(now = new Date()): void {
    if (this.state.status === 'revoked') return;
    this.end('revoked', 'logged out by its owner', now);
  }

  private activate({ secrets, address, displayName }: Activation, now: Date): void {
    Object.assign(this.state, { status: 'active', secrets, address, displayName: displayName ?? this.state.displayName, qr: null, expiresAt: null, attempts: 0, updatedAt: now });
  }

  private end(status: 'expired' | 'failed' | 'revoked', reason: string, now: Date): void {
    // why: an ended session never sends again, so its secrets are dropped rather than kept encrypted for nothing.
    Object.assign(this.state, { status, reason, qr: null, expiresAt: null, secrets: {}, updatedAt: now });
  }
}
