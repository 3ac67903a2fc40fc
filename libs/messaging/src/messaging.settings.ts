import { Env, EnvReader } from '@app/platform';
import { SendLimits } from './application/commands/send-messages/send-limits';
import { SendGatePolicy } from './application/send-gate/send-gate.policy';
import { readSessionEncryptionSettings, SessionEncryptionSettings } from './infrastructure/crypto/session-encryption.settings';
import { SmtpSettings } from './infrastructure/messengers/email/smtp.settings';
import { publicBaseUrlOf, TwilioSettings } from './infrastructure/messengers/sms/twilio.settings';
import { TelegramSettings } from './infrastructure/messengers/telegram/telegram.settings';
import { EvolutionSettings } from './infrastructure/messengers/whatsapp/evolution.settings';

/**
 * The messaging context's settings: the sessions' encryption keys and each messenger adapter's server-wide settings,
 * read and checked with the rest at start-up, before anything else happens. A messenger whose settings are absent is
 * still listed, and says what to set (`unavailableReason`).
 */
export class MessagingSettings {
  readonly sessionEncryption: SessionEncryptionSettings;
  readonly twilio: TwilioSettings;
  readonly smtp: SmtpSettings;
  readonly telegram: TelegramSettings;
  readonly evolution: EvolutionSettings;
  /** Where providers reach this server, without a trailing slash; null when it has none. */
  readonly publicBaseUrl: string | null;
  /** `SEND_CONCURRENCY_PER_SESSION` and `SENDING_TIMEOUT`: the send path's bounds. */
  readonly send: SendLimits;
  /** `SEND_BREAKER_FAILURES` (5) and `SEND_BREAKER_COOLDOWN` (30s): each session's circuit breaker. */
  readonly sendGate: SendGatePolicy;

  constructor(env: Env) {
    this.sessionEncryption = readSessionEncryptionSettings(env);
    this.twilio = TwilioSettings.fromEnv(env);
    this.smtp = SmtpSettings.fromEnv(env);
    this.telegram = TelegramSettings.fromEnv(env);
    this.evolution = EvolutionSettings.fromEnv(env);
    this.publicBaseUrl = publicBaseUrlOf(env);
    const read = new EnvReader(env);
    // why: the timeout must outlast the slowest provider call (TELEGRAM_TIMEOUT, SMTP_TIMEOUT: 30 s), or the sweep would
    // settle an attempt still in flight.
    this.send = { perSession: read.int('SEND_CONCURRENCY_PER_SESSION', 20, 1, 1_000), sendingTimeoutMs: read.duration('SENDING_TIMEOUT', '2m', 1_000) };
    this.sendGate = new SendGatePolicy(read.int('SEND_BREAKER_FAILURES', 5, 1, 1_000), read.duration('SEND_BREAKER_COOLDOWN', '30s', 100));
  }
}
