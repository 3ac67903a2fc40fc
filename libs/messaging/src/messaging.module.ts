import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Metrics } from '@app/platform';
import { FilesModule } from '@app/files';
import { QueueMessageHandler } from './application/commands/queue-message/queue-message.handler';
import { FailMessageHandler } from './application/commands/fail-message/fail-message.handler';
import { OutgoingMessages } from './application/commands/send-messages/outgoing-messages';
import { SendMessagesHandler } from './application/commands/send-messages/send-messages.handler';
import { SendOutcomes } from './application/commands/send-messages/send-outcomes';
import { MessengerRegistry } from './application/messenger-registry';
import { AttachmentFiles } from './application/ports/attachment-files';
import { MessageReadModel } from './application/ports/message.read-model';
import { MessageRepository } from './application/ports/message.repository';
import { GetMessageHandler } from './application/queries/get-message/get-message.handler';
import { ListMessagesHandler } from './application/queries/list-messages/list-messages.handler';
import { ListSandboxDeliveriesHandler } from './application/queries/list-sandbox-deliveries/list-sandbox-deliveries.handler';
import { CatalogAttachmentFiles } from './infrastructure/files/catalog-attachment.files';
import { MeteredMessenger } from './infrastructure/messengers/metered.messenger';
import { SandboxMessenger } from './infrastructure/messengers/sandbox.messenger';
import { MESSAGING_ORM_ENTITIES } from './infrastructure/persistence/orm-entities';
import { SqlMessageReadModel } from './infrastructure/persistence/sql-message.read-model';
import { TypeOrmMessageRepository } from './infrastructure/persistence/typeorm-message.repository';

/** The messaging context: messages, their status, the messengers. Transport-free; see its Http and Amqp modules. */
@Module({
  imports: [TypeOrmModule.forFeature(MESSAGING_ORM_ENTITIES), FilesModule],
  providers: [
    QueueMessageHandler,
    SendMessagesHandler,
    OutgoingMessages,
    SendOutcomes,
    FailMessageHandler,
    GetMessageHandler,
    ListMessagesHandler,
    ListSandboxDeliveriesHandler,
    SandboxMessenger,
    {
      provide: MessengerRegistry,
      inject: [SandboxMessenger, Metrics],
      useFactory: (sandbox: SandboxMessenger, metrics: Metrics) => new MessengerRegistry([new MeteredMessenger(sandbox, metrics)]),
    },
    { provide: MessageRepository, useClass: TypeOrmMessageRepository },
    { provide: MessageReadModel, useClass: SqlMessageReadModel },
    { provide: AttachmentFiles, useClass: CatalogAttachmentFiles },
  ],
})
export class MessagingModule {}
