import { MessengerDescriptor } from './messenger-descriptor';

/** A session's secrets as the adapter wrote them (a Telegram session string, provider credentials); decrypted. */
export type SessionSecrets = Record<string, unknown>;

/** The connected account a message is sent from, as an adapter sees it. */
export interface SenderSession {
  id: string;
  ownerId: string;
  messenger: string;
  /** Our address on the messenger (the account's phone, email or sender number), once known. */
  address: string | null;
  secrets: SessionSecrets;
}

/** A file from `libs/files` to send with a message. */
export interface OutgoingAttachment {
  fileId: string;
  fileName: string;
  contentType: string;
  size: number;
  /** The bytes; read only by adapters that upload them (Telegram, email, WhatsApp as base64). */
  read(): Promise<Buffer>;
  /** A URL the provider can fetch the file from, for providers that take media by URL (Twilio MMS); null when none can be made. */
  url: string | null;
}

export interface OutgoingMessage {
  /** Missive's message id: the idempotency key to hand the provider. */
  messageId: string;
  /** The tenant the message is sent for. */
  ownerId: string;
  /** The recipient, already normalised to one of the descriptor's recipient kinds (E.164, lowercased email…). */
  to: string;
  text: string;
  /** A subject, for messengers that have one (email); adapters make one from the text when it is absent. */
  subject?: string | null;
  /** An HTML body, for messengers with the `html` feature. */
  html?: string | null;
  attachments?: readonly OutgoingAttachment[];
  /** The session to send from; null only for messengers whose descriptor says `connect: 'none'`. */
  session: SenderSession | null;
}

export interface ProviderReceipt {
  providerMessageId: string;
}

/** Where a message stands at the provider, as a status lookup answers it. */
export interface ProviderMessageStatus {
  status: 'pending' | 'sent' | 'delivered' | 'read' | 'failed';
  /** The provider's error code when it failed (Twilio's `error_code`). */
  errorCode: string | null;
  errorMessage: string | null;
}

/**
 * Where a session's connection stands after a step. `state` is what the adapter needs for the next step (a code
 * hash, a half-made session string): kept encrypted with the session's secrets, never shown. `active` hands over the
 * secrets to send with from then on and the account's own address.
 */
export type ConnectStep =
  | { status: 'pending_code'; state: SessionSecrets; hint?: string }
  | { status: 'pending_password'; state: SessionSecrets; hint?: string }
  | { status: 'pending_qr'; state: SessionSecrets; qr: { code: string; pairingCode: string | null } }
  | { status: 'active'; secrets: SessionSecrets; address: string; displayName?: string };

/** What a provider's session webhook says, as the adapter reads it; `ignored` for any event it does not act on. */
export type SessionWebhookEvent =
  | { kind: 'qr'; qr: { code: string; pairingCode: string | null } }
  | { kind: 'connected'; address: string; displayName?: string }
  | { kind: 'disconnected'; reason: string }
  | { kind: 'receipt'; providerMessageId: string; status: 'delivered' | 'read' | 'failed'; at: Date; error?: string }
  | { kind: 'ignored'; type: string };

/** What a `qr` adapter to tell the provider where to report the session's events. */
export interface QrSessionStart {
  sessionId: string;
  /** Where the provider posts its webhooks for this session (`POST /v1/webhooks/<messenger>/:session_id`). */
  webhookUrl: string | null;
  /** The per-session secret the provider must send back with every webhook. */
  webhookSecret: string;
}

/**
 * A provider that delivers messages (Telegram, WhatsApp, SMS, email, sandbox). `send` is called by the dispatcher
 * only, never inside a request or a transaction, and at least once per message: implementations are idempotent on
 * `messageId` where the provider allows (pass it as the provider's idempotency key).
 *
 * Errors, classified by the adapter (see `messenger.errors.ts`): `MessageRefused` for a final refusal of this message
 * (bad recipient, content refused), `SessionAuthRevoked` when the account's credentials no longer work (the message
 * fails and the session turns `expired`), `ProviderUnavailable` for anything worth retrying (with the provider's own
 * wait when it gave one). Any other error is retried on the fixed schedule.
 *
 * The connection methods are those of the descriptor's `connect` style; the others are left undefined.
 */
export abstract class Messenger {
  abstract readonly descriptor: MessengerDescriptor;

  get name(): string {
    return this.descriptor.name;
  }

  /**
   * Why this server cannot use the messenger (its settings are missing, e.g. "set TELEGRAM_API_ID and TELEGRAM_API_HASH"),
   * or null when it can. An unavailable messenger is still listed, and refuses new sessions with this reason.
   */
  get unavailableReason(): string | null {
    return null;
  }

  abstract send(message: OutgoingMessage): Promise<ProviderReceipt>;

  /**
   * Sends several messages, each settling on its own: a receipt, or the error `send` would have thrown, in the
   * order given. Adapters whose provider has a bulk API override this; the default calls `send` side by side.
   */
  sendMany(messages: readonly OutgoingMessage[]): Promise<(ProviderReceipt | Error)[]> {
    return Promise.all(messages.map((message) => this.send(message).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))));
  }

  /** `otp`: asks the provider to send a login code to the account with this E.164 phone number. */
  startOtp?(phone: string): Promise<ConnectStep>;
  /** `otp`: the code the user received; `InvalidCode` when wrong. */
  verifyCode?(state: SessionSecrets, code: string): Promise<ConnectStep>;
  /** `otp` with `passwordStep`: the account's two-step verification password; `InvalidPassword` when wrong. */
  verifyPassword?(state: SessionSecrets, password: string): Promise<ConnectStep>;
  /** `qr`: creates the provider-side session and answers its first QR code. */
  startQr?(start: QrSessionStart): Promise<ConnectStep>;
  /** `qr`: where the pairing stands now: a newer QR code, or `active` once the phone has scanned it. */
  pollQr?(state: SessionSecrets): Promise<ConnectStep>;
  /**
   * `qr` adapters whose provider reports the session's events by webhook (`POST /v1/webhooks/<messenger>/:session_id`,
   * whose caller the route has already authenticated by the session's webhook secret): what this body says.
   */
  readSessionWebhook?(body: unknown): SessionWebhookEvent[];
  /** `credentials`: checks them with a harmless authenticated call; `CredentialsRefused` saying what the provider refused. */
  connectWithCredentials?(credentials: SessionSecrets): Promise<ConnectStep>;
  /**
   * Asks the provider where a message it accepted stands, by the provider's id; null when it knows no such message.
   * Errors are classified as for `send`.
   */
  lookup?(session: SenderSession, providerMessageId: string): Promise<ProviderMessageStatus | null>;
  /**
   * `crashRecovery: 'lookup'`: whether the provider took this message in an attempt that started at `since`, found by our
   * own reference (not the provider's id, which a crash lost); its id and where it stands, or null when it did not.
   * Errors are classified as for `send`.
   */
  findSent?(message: OutgoingMessage, since: Date): Promise<{ providerMessageId: string; status: ProviderMessageStatus } | null>;
  /** Logs the account out at the provider (best effort: a session already gone there is not an error). */
  logout?(session: SenderSession): Promise<void>;
}
