import { Injectable, Optional } from '@nestjs/common';
import { ConnectStep, Messenger, OutgoingMessage, ProviderMessageStatus, ProviderReceipt, SenderSession, SessionSecrets } from '../../../application/ports/messenger';
import { MessengerDescriptor } from '../../../application/ports/messenger-descriptor';
import { CredentialsRefused, MessageRefused, ProviderUnavailable, SessionAuthRevoked } from '../../../domain/messenger.errors';
import { TWILIO_CREDENTIAL_FIELDS, TwilioCredentials, isMessagingServiceSid, readTwilioCredentials, twilioSecrets } from './twilio.credentials';
import { classifyTwilioFailure, classifyTwilioResponse, readTwilioAnswer } from './twilio.errors';
import { twilioMessageStatus } from './twilio.message-status';
import { TwilioSettings } from './twilio.settings';

const MESSAGE_SID = /^(SM|MM)[0-9a-fA-F]{32}$/;

export const TWILIO_SMS_DESCRIPTOR: MessengerDescriptor = {
  name: 'sms',
  title: "SMS and MMS (Twilio's REST API, or a Twilio-compatible provider)",
  connect: 'credentials',
  passwordStep: false,
  recipients: ['phone'],
  features: {
    text: true,
    media: true,
    html: false,
    // why: Twilio posts status callbacks, but the route that reads them (/v1/webhooks/twilio) comes with issue #13.
    deliveryReceipts: false,
    readReceipts: false,
    inbound: false,
    // why: we send our message id as I-Twilio-Idempotency-Token, but Twilio documents no deduplication on the
    // Messages API, so a resend after a crash may be a second SMS: we do not promise it.
    providerIdempotency: false,
    // why: `findSent` lists the account's messages from our number to the recipient and takes the one with our text
    // created since the attempt began (Twilio keeps no reference of ours), then reads it by its sid.
    statusLookup: true,
  },
  limits: {
    textLength: 1_600,
    media: { types: ['image/jpeg', 'image/png', 'image/gif'], maxBytes: 5 * 1024 * 1024, maxCount: 10 },
    pace: { perMinute: 60, jitterMs: 0 },
  },
  credentials: TWILIO_CREDENTIAL_FIELDS,
  // why: Twilio lists an account's messages by To and From; ours is the one with our text created since the attempt began.
  crashRecovery: 'lookup',
};

interface TwilioAnswer {
  status: number;
  text: string;
  retryAfter: string | null;
}

/**
 * SMS and MMS through Twilio's REST API (2010-04-01) over plain HTTP: Basic auth with the session's account SID and
 * auth token, form-encoded `Messages.json`, media by URL. `TWILIO_API_BASE_URL` points it at a compatible provider.
 */
@Injectable()
export class TwilioSmsMessenger extends Messenger {
  static readonly descriptor = TWILIO_SMS_DESCRIPTOR;
  readonly descriptor = TWILIO_SMS_DESCRIPTOR;
  private readonly settings: TwilioSettings;

  constructor(@Optional() settings?: TwilioSettings) {
    super();
    this.settings = settings ?? TwilioSettings.fromEnv(process.env);
  }

  async send(message: OutgoingMessage): Promise<ProviderReceipt> {
    const credentials = this.credentialsOf(message.session);
    const form = new URLSearchParams({ To: message.to, Body: message.text });
    form.set(isMessagingServiceSid(credentials.from) ? 'MessagingServiceSid' : 'From', credentials.from);
    if (this.settings.statusCallbackUrl) form.set('StatusCallback', this.settings.statusCallbackUrl);
    for (const attachment of message.attachments ?? []) {
      if (!attachment.url) throw new MessageRefused(`sms: attachment ${attachment.fileName} has no URL Twilio could fetch it from`, 'media_url');
      form.append('MediaUrl', attachment.url);
    }
    const answer = await this.request(credentials, 'POST', `/2010-04-01/Accounts/${credentials.accountSid}/Messages.json`, form, message.messageId);
    if (answer.status !== 200 && answer.status !== 201) throw classifyTwilioResponse(answer.status, answer.text, answer.retryAfter);
    const sid = sidOf(answer.text);
    if (!sid) throw new ProviderUnavailable(`sms: Twilio answered HTTP ${answer.status} without a message sid`, 'malformed');
    return { providerMessageId: sid };
  }

  /** `GET …/Messages/{sid}.json`: where Twilio says the message stands; null when Twilio knows no such message (404). */
  override async lookup(session: SenderSession, providerMessageId: string): Promise<ProviderMessageStatus | null> {
    const credentials = this.credentialsOf(session);
    if (!MESSAGE_SID.test(providerMessageId)) return null;
    const answer = await this.request(credentials, 'GET', `/2010-04-01/Accounts/${credentials.accountSid}/Messages/${providerMessageId}.json`);
    if (answer.status === 404) return null;
    if (answer.status !== 200) throw classifyTwilioResponse(answer.status, answer.text, answer.retryAfter);
    const status = twilioMessageStatus(answer.text);
    if (!status) throw new ProviderUnavailable(`sms: Twilio answered HTTP 200 without a message status`, 'malformed');
    return status;
  }

  /**
   * `GET …/Messages.json?To=…&From=…`: the message with our text to this recipient from our sender that Twilio created
   * since `since` (less a minute of clock skew), newest first; null when there is none. Two identical texts to one
   * recipient within that window cannot be told apart: the newest is taken for ours.
   */
  override async findSent(message: OutgoingMessage, since: Date): Promise<{ providerMessageId: string; status: ProviderMessageStatus } | null> {
    const credentials = this.credentialsOf(message.session);
    const query = new URLSearchParams({ To: message.to, PageSize: '50' });
    if (!isMessagingServiceSid(credentials.from)) query.set('From', credentials.from);
    const answer = await this.request(credentials, 'GET', `/2010-04-01/Accounts/${credentials.accountSid}/Messages.json?${query}`);
    if (answer.status !== 200) throw classifyTwilioResponse(answer.status, answer.text, answer.retryAfter);
    const listed = messagesOf(answer.text);
    if (!listed) throw new ProviderUnavailable('sms: Twilio answered HTTP 200 without a message list', 'malformed');
    const after = since.getTime() - 60_000;
    const ours = listed.find((candidate) => candidate.body === message.text && Date.parse(candidate.date_created) >= after && MESSAGE_SID.test(candidate.sid));
    if (!ours) return null;
    const status = twilioMessageStatus(JSON.stringify(ours));
    return status ? { providerMessageId: ours.sid, status } : null;
  }

  /** Fetches the account (`GET /2010-04-01/Accounts/{sid}.json`): sends nothing, costs nothing, proves the token. */
  override async connectWithCredentials(secrets: SessionSecrets): Promise<ConnectStep> {
    const credentials = readTwilioCredentials(secrets);
    if (typeof credentials === 'string') throw new CredentialsRefused(`sms: ${credentials}`);
    let answer: TwilioAnswer;
    try {
      answer = await this.request(credentials, 'GET', `/2010-04-01/Accounts/${credentials.accountSid}.json`);
    } catch (error) {
      throw new CredentialsRefused(`${error instanceof Error ? error.message : String(error)}, so the credentials could not be checked`);
    }
    if (answer.status !== 200) {
      const { said } = readTwilioAnswer(answer.status, answer.text);
      throw new CredentialsRefused(answer.status >= 500 || answer.status === 429 ? `sms: Twilio could not check the credentials now: ${said}` : `sms: Twilio refused the credentials: ${said}`);
    }
    return { status: 'active', secrets: twilioSecrets(credentials), address: credentials.from };
  }

  private credentialsOf(session: SenderSession | null): TwilioCredentials {
    if (!session) throw new MessageRefused('sms: a message needs a session to send from');
    const credentials = readTwilioCredentials(session.secrets);
    if (typeof credentials === 'string') throw new SessionAuthRevoked(`sms: the session's credentials are unusable: ${credentials}`);
    return credentials;
  }

  private async request(credentials: TwilioCredentials, method: 'GET' | 'POST', path: string, form?: URLSearchParams, idempotencyToken?: string): Promise<TwilioAnswer> {
    const headers: Record<string, string> = {
      Authorization: `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}`,
      Accept: 'application/json',
    };
    if (form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    if (idempotencyToken) headers['I-Twilio-Idempotency-Token'] = idempotencyToken;
    try {
      const response = await fetch(`${this.settings.apiBaseUrl}${path}`, { method, headers, body: form?.toString(), signal: AbortSignal.timeout(this.settings.requestTimeoutMs) });
      return { status: response.status, text: await response.text(), retryAfter: response.headers.get('retry-after') };
    } catch (error) {
      throw classifyTwilioFailure(error, this.settings.requestTimeoutMs);
    }
  }
}

interface ListedMessage {
  sid: string;
  body: string;
  date_created: string;
}

function messagesOf(text: string): ListedMessage[] | null {
  try {
    const body: unknown = JSON.parse(text);
    const messages = body !== null && typeof body === 'object' ? (body as { messages?: unknown }).messages : undefined;
    return Array.isArray(messages) ? messages.filter((m): m is ListedMessage => typeof m?.sid === 'string' && typeof m.body === 'string' && typeof m.date_created === 'string') : null;
  } catch {
    return null;
  }
}

function sidOf(text: string): string | null {
  try {
    const body: unknown = JSON.parse(text);
    const sid = body !== null && typeof body === 'object' ? (body as { sid?: unknown }).sid : undefined;
    return typeof sid === 'string' && MESSAGE_SID.test(sid) ? sid : null;
  } catch {
    return null;
  }
}
