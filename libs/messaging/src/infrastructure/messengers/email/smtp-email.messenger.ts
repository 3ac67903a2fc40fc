import { Injectable, OnModuleDestroy, Optional } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { ConnectStep, Messenger, OutgoingMessage, ProviderReceipt, SenderSession, SessionSecrets } from '../../../application/ports/messenger';
import { MessengerDescriptor } from '../../../application/ports/messenger-descriptor';
import { CredentialsRefused, MessageRefused, SessionAuthRevoked } from '../../../domain/messenger.errors';
import { SMTP_CREDENTIAL_FIELDS, SmtpCredentials, readSmtpCredentials, smtpSecrets } from './smtp.credentials';
import { classifySmtpError, describeSmtpConnectFailure } from './smtp.errors';
import { SmtpSettings } from './smtp.settings';
import { SmtpTransports, smtpOptions } from './smtp-transports';

const SUBJECT_LENGTH = 78;

export const SMTP_EMAIL_DESCRIPTOR: MessengerDescriptor = {
  name: 'email',
  title: "Email (SMTP, through the user's own mail server)",
  connect: 'credentials',
  passwordStep: false,
  recipients: ['email'],
  features: {
    text: true,
    media: true,
    html: true,
    deliveryReceipts: false,
    readReceipts: false,
    inbound: false,
    // why: the Message-ID derived from our id lets receivers drop a resent copy, but SMTP servers do not: no promise.
    providerIdempotency: false,
    statusLookup: false,
  },
  limits: {
    textLength: 500_000,
    // why: most servers cap a message at 25 MB, and base64 makes attachments a third larger.
    media: { types: ['image/*', 'audio/*', 'video/*', 'text/*', 'application/pdf', 'application/zip', 'application/vnd.openxmlformats-officedocument.*'], maxBytes: 18 * 1024 * 1024, maxCount: 10 },
    pace: { perMinute: 60, jitterMs: 0 },
  },
  credentials: SMTP_CREDENTIAL_FIELDS,
  // why: a resent copy carries the same Message-ID, which mail clients use to drop duplicates; SMTP cannot be asked.
  crashRecovery: 'resend',
};

/**
 * Email through each account's own SMTP server with nodemailer: text and HTML, attachments, and a `Message-ID`
 * derived from our message id, so that a resend carries the same one. One pooled transport per session.
 */
@Injectable()
export class SmtpEmailMessenger extends Messenger implements OnModuleDestroy {
  static readonly descriptor = SMTP_EMAIL_DESCRIPTOR;
  readonly descriptor = SMTP_EMAIL_DESCRIPTOR;
  private readonly settings: SmtpSettings;
  private readonly transports: SmtpTransports;

  constructor(@Optional() settings?: SmtpSettings) {
    super();
    this.settings = settings ?? SmtpSettings.fromEnv(process.env);
    this.transports = new SmtpTransports(this.settings);
  }

  onModuleDestroy(): void {
    this.transports.closeAll();
  }

  /** The `Message-ID` a message is sent with: `<{messageId}@{MISSIVE_MESSAGE_ID_DOMAIN or the sender's domain}>`. */
  messageIdOf(messageId: string, credentials: SmtpCredentials): string {
    return `<${messageId}@${this.settings.messageIdDomain ?? credentials.fromAddress.split('@')[1]}>`;
  }

  async send(message: OutgoingMessage): Promise<ProviderReceipt> {
    const { session, credentials } = this.credentialsOf(message.session);
    const attachments = await Promise.all(
      (message.attachments ?? []).map(async (attachment) => ({ filename: attachment.fileName, contentType: attachment.contentType, content: await attachment.read() })),
    );
    const messageId = this.messageIdOf(message.messageId, credentials);
    try {
      await this.transports.for(session.id, credentials).sendMail({
        from: credentials.from,
        to: message.to,
        subject: message.subject ?? subjectOf(message.text),
        text: message.text,
        html: message.html ?? undefined,
        attachments,
        messageId,
      });
    } catch (error) {
      const classified = classifySmtpError(error);
      if (classified instanceof SessionAuthRevoked) this.transports.drop(session.id);
      throw classified;
    }
    return { providerMessageId: messageId };
  }

  /** Connects and logs in (`verify`), sending nothing: `active` with `from` as the address, or what the server refused. */
  override async connectWithCredentials(secrets: SessionSecrets): Promise<ConnectStep> {
    const credentials = readSmtpCredentials(secrets);
    if (typeof credentials === 'string') throw new CredentialsRefused(`email: ${credentials}`);
    const transport = createTransport(smtpOptions(credentials, this.settings));
    try {
      await transport.verify();
    } catch (error) {
      throw new CredentialsRefused(`email: ${describeSmtpConnectFailure(error, `${credentials.host}:${credentials.port}`)}`);
    } finally {
      transport.close();
    }
    return { status: 'active', secrets: smtpSecrets(credentials), address: credentials.fromAddress };
  }

  private credentialsOf(session: SenderSession | null): { session: SenderSession; credentials: SmtpCredentials } {
    if (!session) throw new MessageRefused('email: a message needs a session to send from');
    const credentials = readSmtpCredentials(session.secrets);
    if (typeof credentials === 'string') throw new SessionAuthRevoked(`email: the session's credentials are unusable: ${credentials}`);
    return { session, credentials };
  }
}

function subjectOf(text: string): string {
  const line = text.split('\n', 1)[0].trim();
  return line.length <= SUBJECT_LENGTH ? line : `${line.slice(0, SUBJECT_LENGTH - 1)}…`;
}
