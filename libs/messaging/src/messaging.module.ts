import { Module, Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Metrics } from '@app/platform';
import { FilesModule } from '@app/files';
import { ImportingModule } from '@app/importing';
import { ApplySessionWebhookHandler } from './application/commands/apply-session-webhook/apply-session-webhook.handler';
import { ConnectSessionHandler } from './application/commands/connect-session/connect-session.handler';
import { ExpireSessionsHandler } from './application/commands/expire-sessions/expire-sessions.handler';
import { RevokeSessionHandler } from './application/commands/revoke-session/revoke-session.handler';
import { StartOtpSessionHandler } from './application/commands/start-otp-session/start-otp-session.handler';
import { StartQrSessionHandler } from './application/commands/start-qr-session/start-qr-session.handler';
import { VerifySessionHandler } from './application/commands/verify-session/verify-session.handler';
import { QueueMessageHandler } from './application/commands/queue-message/queue-message.handler';
import { QueueRequestMessagesHandler } from './application/commands/queue-request-messages/queue-request-messages.handler';
import { MessagesImportType } from './infrastructure/importing/messages.import-type';
import { FailMessageHandler } from './application/commands/fail-message/fail-message.handler';
import { CancelMessageHandler } from './application/commands/cancel-message/cancel-message.handler';
import { RequeueMessageHandler } from './application/commands/requeue-message/requeue-message.handler';
import { OutgoingMessages } from './application/commands/send-messages/outgoing-messages';
import { SendMessagesHandler } from './application/commands/send-messages/send-messages.handler';
import { SendOutcomes } from './application/commands/send-messages/send-outcomes';
import { RecoverSendingMessagesHandler } from './application/commands/recover-sending-messages/recover-sending-messages.handler';
import { SendLimits } from './application/commands/send-messages/send-limits';
import { SendGate } from './application/ports/send-gate';
import { MessengerRegistry } from './application/messenger-registry';
import { SendBuckets } from './application/ports/send-buckets';
import { SendDeferrals } from './application/ports/send-deferrals';
import { SendGateMetrics } from './application/ports/send-gate-metrics';
import { SessionBreakers } from './application/ports/session-breakers';
import { SessionSendingSettings } from './application/ports/session-sending';
import { SessionSendGate } from './application/send-gate/send-gate';
import { PacingSendGate } from './application/send-gate/pacing.send-gate';
import { SendGatePolicy } from './application/send-gate/send-gate.policy';
import { SessionSendingViews } from './application/send-gate/session-sending.view';
import { ConfigureSessionSendingHandler } from './application/commands/configure-session-sending/configure-session-sending.handler';
import { AttachmentFiles } from './application/ports/attachment-files';
import { MessageReadModel } from './application/ports/message.read-model';
import { MessageRepository } from './application/ports/message.repository';
import { Messenger } from './application/ports/messenger';
import { MessengerDescriptor } from './application/ports/messenger-descriptor';
import { SenderSessions } from './application/ports/sender-sessions';
import { SessionCipher } from './application/ports/session-cipher';
import { SessionRepository } from './application/ports/session.repository';
import { WebhookUrls } from './application/ports/webhook-urls';
import { GetSessionHandler } from './application/queries/get-session/get-session.handler';
import { ListMessengersHandler } from './application/queries/list-messengers/list-messengers.handler';
import { ListSessionsHandler } from './application/queries/list-sessions/list-sessions.handler';
import { SessionMessengers } from './application/session-messengers';
import { AesGcmSessionCipher } from './infrastructure/crypto/aes-gcm-session.cipher';
import { SmtpSettings } from './infrastructure/messengers/email/smtp.settings';
import { TwilioSettings } from './infrastructure/messengers/sms/twilio.settings';
import { TelegramSettings } from './infrastructure/messengers/telegram/telegram.settings';
import { EvolutionSettings } from './infrastructure/messengers/whatsapp/evolution.settings';
import { MessagingSettings } from './messaging.settings';
import { GetMessageHandler } from './application/queries/get-message/get-message.handler';
import { ListMessagesHandler } from './application/queries/list-messages/list-messages.handler';
import { ListSandboxDeliveriesHandler } from './application/queries/list-sandbox-deliveries/list-sandbox-deliveries.handler';
import { CatalogAttachmentFiles } from './infrastructure/files/catalog-attachment.files';
import { MeteredMessenger } from './infrastructure/messengers/metered.messenger';
import { SandboxMessenger } from './infrastructure/messengers/sandbox.messenger';
import { TwilioSmsMessenger } from './infrastructure/messengers/sms/twilio-sms.messenger';
import { SmtpEmailMessenger } from './infrastructure/messengers/email/smtp-email.messenger';
import { GramjsTelegramMessenger } from './infrastructure/messengers/telegram/gramjs-telegram.messenger';
import { EvolutionWhatsappMessenger } from './infrastructure/messengers/whatsapp/evolution-whatsapp.messenger';
import { MESSAGING_ORM_ENTITIES } from './infrastructure/persistence/orm-entities';
import { SqlMessageReadModel } from './infrastructure/persistence/sql-message.read-model';
import { TypeOrmMessageRepository } from './infrastructure/persistence/typeorm-message.repository';
import { PgSenderSessions } from './infrastructure/persistence/pg-sender-sessions';
import { PgSessionRepository } from './infrastructure/persistence/pg-session.repository';
import { PublicBaseUrlWebhookUrls } from './infrastructure/webhooks/public-base-url.webhook-urls';
import { OutboxSendDeferrals } from './infrastructure/send-gate/outbox-send.deferrals';
import { PgSendBuckets } from './infrastructure/send-gate/pg-send-buckets';
import { PgSessionBreakers } from './infrastructure/send-gate/pg-session-breakers';
import { PgSessionSendingSettings } from './infrastructure/send-gate/pg-session-sending.settings';
import { PromSendGateMetrics } from './infrastructure/send-gate/prom-send-gate.metrics';

/**
 * Every messenger adapter, in the order discovery lists them: the registry, `GET /v1/messaging/sessions/messengers`
 * and the Swagger enums of `messenger` are built from this list alone. An adapter is added here and nowhere else.
 */
/** An adapter class, with its descriptor readable before any instance exists (for the OpenAPI document). */
export interface MessengerAdapter extends Type<Messenger> {
  readonly descriptor: MessengerDescriptor;
}

export const MESSENGER_ADAPTERS: MessengerAdapter[] = [SandboxMessenger, GramjsTelegramMessenger, EvolutionWhatsappMessenger, TwilioSmsMessenger, SmtpEmailMessenger];

/** The messaging context: messages, their status, the messengers. Transport-free; see its Http and Amqp modules. */
@Module({
  imports: [TypeOrmModule.forFeature(MESSAGING_ORM_ENTITIES), FilesModule, ImportingModule],
  providers: [
    QueueMessageHandler,
    QueueRequestMessagesHandler,
    MessagesImportType,
    SendMessagesHandler,
    OutgoingMessages,
    SendOutcomes,
    RecoverSendingMessagesHandler,
    FailMessageHandler,
    CancelMessageHandler,
    RequeueMessageHandler,
    GetMessageHandler,
    ListMessagesHandler,
    ListSandboxDeliveriesHandler,
    ListMessengersHandler,
    StartOtpSessionHandler,
    StartQrSessionHandler,
    ConnectSessionHandler,
    VerifySessionHandler,
    RevokeSessionHandler,
    ApplySessionWebhookHandler,
    ExpireSessionsHandler,
    GetSessionHandler,
    ListSessionsHandler,
    SessionMessengers,
    ...MESSENGER_ADAPTERS,
    {
      provide: MessengerRegistry,
      inject: [Metrics, ...MESSENGER_ADAPTERS],
      useFactory: (metrics: Metrics, ...adapters: Messenger[]) => new MessengerRegistry(adapters.map((adapter) => new MeteredMessenger(adapter, metrics))),
    },
    { provide: MessageRepository, useClass: TypeOrmMessageRepository },
    { provide: SendGate, useClass: PacingSendGate },
    { provide: SendLimits, inject: [MessagingSettings], useFactory: (settings: MessagingSettings) => settings.send },
    { provide: MessageReadModel, useClass: SqlMessageReadModel },
    { provide: SessionCipher, inject: [MessagingSettings], useFactory: (settings: MessagingSettings) => new AesGcmSessionCipher(settings.sessionEncryption) },
    { provide: TwilioSettings, inject: [MessagingSettings], useFactory: (settings: MessagingSettings) => settings.twilio },
    { provide: SmtpSettings, inject: [MessagingSettings], useFactory: (settings: MessagingSettings) => settings.smtp },
    { provide: TelegramSettings, inject: [MessagingSettings], useFactory: (settings: MessagingSettings) => settings.telegram },
    { provide: EvolutionSettings, inject: [MessagingSettings], useFactory: (settings: MessagingSettings) => settings.evolution },
    { provide: WebhookUrls, inject: [MessagingSettings], useFactory: (settings: MessagingSettings) => new PublicBaseUrlWebhookUrls(settings.publicBaseUrl) },
    { provide: SessionRepository, useClass: PgSessionRepository },
    { provide: SenderSessions, useClass: PgSenderSessions },
    { provide: AttachmentFiles, useClass: CatalogAttachmentFiles },
    SessionSendGate,
    SessionSendingViews,
    ConfigureSessionSendingHandler,
    { provide: SendGatePolicy, inject: [MessagingSettings], useFactory: (settings: MessagingSettings) => settings.sendGate },
    { provide: SessionSendingSettings, useClass: PgSessionSendingSettings },
    { provide: SendBuckets, useClass: PgSendBuckets },
    { provide: SessionBreakers, useClass: PgSessionBreakers },
    { provide: SendDeferrals, useClass: OutboxSendDeferrals },
    { provide: SendGateMetrics, useClass: PromSendGateMetrics },
  ],
  exports: [MessengerRegistry, SendLimits],
})
export class MessagingModule {}

/** The messengers' names, in the adapters' order, as their descriptors declare them. */
export const MESSENGER_NAMES: readonly string[] = MESSENGER_ADAPTERS.map((adapter) => adapter.descriptor.name);
