import type { RecipientKind } from '../../domain/recipient';

/**
 * How a session of a messenger is connected: `none` (the sandbox: no session at all), `otp` (a code sent to the
 * account's app, then its two-step password when it has one), `qr` (a QR code scanned by the phone), or
 * `credentials` (provider credentials checked against the provider at once).
 */
export const CONNECT_STYLES = ['none', 'otp', 'qr', 'credentials'] as const;
export type ConnectStyle = (typeof CONNECT_STYLES)[number];

export { RECIPIENT_KINDS, type RecipientKind } from '../../domain/recipient';

export interface MessengerFeatures {
  text: boolean;
  /** Attachments (files from `libs/files`). */
  media: boolean;
  /** HTML bodies (email). */
  html: boolean;
  deliveryReceipts: boolean;
  readReceipts: boolean;
  /** The provider reports replies. */
  inbound: boolean;
  /** The provider honours our message id as an idempotency key, so a resend after a crash is not a second message. */
  providerIdempotency: boolean;
  /** The provider can say, by our reference, whether a message it was handed was accepted. */
  statusLookup: boolean;
}

export interface MediaLimits {
  /** Media types accepted, exact or `type/*`. */
  types: readonly string[];
  maxBytes: number;
  maxCount: number;
}

export interface PaceDefaults {
  /** Sends a minute from one session when nobody said otherwise. */
  perMinute: number;
  /** Random wait added between two sends of one session, up to this many milliseconds (user accounts look less like bots). */
  jitterMs: number;
}

export interface MessengerLimits {
  textLength: number;
  media: MediaLimits | null;
  pace: PaceDefaults;
}

/**
 * What settles a message a crash left `sending` (the provider call's outcome never recorded): `lookup` asks the
 * provider whether it took the message (`Messenger.findSent`) and sends it again only when it did not; `resend` sends it
 * again (at least once: exact when the provider honours our id, `providerIdempotency`); `unknown` marks it `unknown`,
 * not sent again (at most once), counted in `missive_messages_unknown_total` and alerted on.
 */
export const CRASH_RECOVERIES = ['lookup', 'resend', 'unknown'] as const;
export type CrashRecovery = (typeof CRASH_RECOVERIES)[number];

/** One field of the credentials a `credentials` messenger takes, for discovery and validation. */
export interface CredentialField {
  name: string;
  type: 'string' | 'integer' | 'boolean';
  required: boolean;
  /** Encrypted at rest, never returned, never logged. */
  secret: boolean;
  description: string;
  example?: string | number | boolean;
}

/**
 * What a messenger adapter is and can do, declared once by the adapter: the messenger list of
 * `GET /v1/messaging/sessions/messengers`, the Swagger enums, the validation of `to` and of attachments, the default
 * pace and the crash policy all come from descriptors, so adding an adapter needs no change anywhere else.
 */
export interface MessengerDescriptor {
  /** The `messenger` value in the API: lowercase, stable. */
  name: string;
  title: string;
  connect: ConnectStyle;
  /** For `otp`: the account may ask for its two-step verification password after the code. */
  passwordStep: boolean;
  recipients: readonly RecipientKind[];
  features: MessengerFeatures;
  limits: MessengerLimits;
  /** For `credentials`: the fields of `credentials` in `POST /v1/messaging/sessions/credentials`. */
  credentials: readonly CredentialField[];
  /** How a message a crash left `sending` is settled; documented on the messenger's page. */
  crashRecovery: CrashRecovery;
}
