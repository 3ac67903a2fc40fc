import { ConnectStep, Messenger, OutgoingMessage, ProviderReceipt, QrSessionStart, SenderSession, SessionSecrets, SessionWebhookEvent } from '../application/ports/messenger';
import { ConnectStyle, CrashRecovery, CredentialField, MessengerDescriptor } from '../application/ports/messenger-descriptor';
import { CredentialsRefused, InvalidCode, InvalidPassword, ProviderUnavailable } from '../domain/messenger.errors';

export const FAKE_CODE = '24680';
export const FAKE_PASSWORD = 'correct horse';
/** Phones ending so have two-step verification, as Telegram accounts may. */
export const TWO_STEP_SUFFIX = '99';
export const FAKE_API_KEY = 'good-api-key';

export function fakeDescriptor(name: string, connect: ConnectStyle, credentials: readonly CredentialField[] = [], crashRecovery: CrashRecovery = 'unknown'): MessengerDescriptor {
  return {
    name,
    title: `Fake ${connect} messenger`,
    connect,
    passwordStep: connect === 'otp',
    recipients: ['phone'],
    features: { text: true, media: false, html: false, deliveryReceipts: false, readReceipts: false, inbound: false, providerIdempotency: false, statusLookup: false },
    limits: { textLength: 1000, media: null, pace: { perMinute: 20, jitterMs: 0 } },
    credentials,
    crashRecovery,
  };
}

abstract class FakeMessenger extends Messenger {
  readonly logouts: SenderSession[] = [];

  async send(message: OutgoingMessage): Promise<ProviderReceipt> {
    return { providerMessageId: `${this.name}-${message.messageId}` };
  }

  override async logout(session: SenderSession): Promise<void> {
    this.logouts.push(session);
  }
}

/** A Telegram-like `otp` messenger: code `FAKE_CODE`, then `FAKE_PASSWORD` for phones ending in `TWO_STEP_SUFFIX`. */
export class FakeOtpMessenger extends FakeMessenger {
  readonly descriptor = fakeDescriptor('fake-otp', 'otp');

  override async startOtp(phone: string): Promise<ConnectStep> {
    return { status: 'pending_code', state: { phone, phoneCodeHash: `hash-of-${phone}` } };
  }

  override async verifyCode(state: SessionSecrets, code: string): Promise<ConnectStep> {
    if (code !== FAKE_CODE) throw new InvalidCode('PHONE_CODE_INVALID');
    const phone = String(state.phone);
    if (phone.endsWith(TWO_STEP_SUFFIX)) return { status: 'pending_password', state: { phone, srp: 'srp-params' } };
    return { status: 'active', secrets: { session: `SESSION-STRING-${phone}` }, address: phone, displayName: 'Ann' };
  }

  override async verifyPassword(state: SessionSecrets, password: string): Promise<ConnectStep> {
    if (password !== FAKE_PASSWORD) throw new InvalidPassword('PASSWORD_HASH_INVALID');
    return { status: 'active', secrets: { session: `SESSION-STRING-${String(state.phone)}` }, address: String(state.phone) };
  }
}

/** A WhatsApp-like `qr` messenger: its QR rotates at each poll until `scan` is called; its webhooks are Evolution-shaped. */
export class FakeQrMessenger extends FakeMessenger {
  readonly descriptor = fakeDescriptor('fake-qr', 'qr');
  readonly starts: QrSessionStart[] = [];
  private readonly polls = new Map<string, number>();
  private readonly scanned = new Map<string, string>();
  down = false;

  scan(sessionId: string, number: string): void {
    this.scanned.set(sessionId, number);
  }

  override async startQr(start: QrSessionStart): Promise<ConnectStep> {
    this.starts.push(start);
    return { status: 'pending_qr', state: { instance: start.sessionId, token: `INSTANCE-TOKEN-${start.sessionId}` }, qr: { code: `qr-0-${start.sessionId}`, pairingCode: 'PAIR0000' } };
  }

  override async pollQr(state: SessionSecrets): Promise<ConnectStep> {
    if (this.down) throw new ProviderUnavailable('connect ECONNREFUSED');
    const instance = String(state.instance);
    const number = this.scanned.get(instance);
    if (number) return { status: 'active', secrets: state, address: number };
    const count = (this.polls.get(instance) ?? 0) + 1;
    this.polls.set(instance, count);
    return { status: 'pending_qr', state, qr: { code: `qr-${count}-${instance}`, pairingCode: `PAIR000${count}` } };
  }

  override readSessionWebhook(body: unknown): SessionWebhookEvent[] {
    const { event, data } = body as { event?: string; data?: Record<string, string> };
    if (event === 'qrcode.updated') return [{ kind: 'qr', qr: { code: String(data?.code), pairingCode: data?.pairingCode ?? null } }];
    if (event === 'connection.update' && data?.state === 'open') return [{ kind: 'connected', address: String(data.number) }];
    if (event === 'connection.update' && data?.state === 'close') return [{ kind: 'disconnected', reason: String(data.reason) }];
    return [{ kind: 'ignored', type: String(event) }];
  }
}

/** An SMS-like `credentials` messenger: accepts `FAKE_API_KEY` only. */
export class FakeCredentialsMessenger extends FakeMessenger {
  readonly descriptor = fakeDescriptor('fake-credentials', 'credentials', [
    { name: 'api_key', type: 'string', required: true, secret: true, description: 'The API key.' },
    { name: 'from', type: 'string', required: true, secret: false, description: 'The sender number.', example: '+15550100' },
    { name: 'port', type: 'integer', required: false, secret: false, description: 'A port.' },
  ]);

  override async connectWithCredentials(credentials: SessionSecrets): Promise<ConnectStep> {
    if (credentials.api_key !== FAKE_API_KEY) throw new CredentialsRefused('The provider refused the API key: 401 Unauthorized (code 20003).');
    return { status: 'active', secrets: credentials, address: String(credentials.from) };
  }
}

/** A messenger whose settings are missing on this server. */
export class FakeUnavailableMessenger extends FakeOtpMessenger {
  override readonly descriptor = fakeDescriptor('fake-unavailable', 'otp');

  override get unavailableReason(): string {
    return 'set FAKE_API_ID and FAKE_API_HASH';
  }
}
