import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Metrics } from '@app/platform';
import { QueueMessageHandler } from './application/commands/queue-message/queue-message.handler';
import { FailMessageHandler } from './application/commands/fail-message/fail-message.handler';
import { SendMessagesHandler } from './application/commands/send-messages/send-messages.handler';
import { MessengerRegistry } from './application/messenger-registry';
import { MessageReadModel } from './application/ports/message.read-model';
import { MessageRepository } from './application/ports/message.repository';
import { Messenger } from './application/ports/messenger';
import { GetMessageHandler } from './application/queries/get-message/get-message.handler';
import { ListMessagesHandler } from './application/queries/list-messages/list-messages.handler';
import { ListSandboxDeliveriesHandler } from './application/queries/list-sandbox-deliveries/list-sandbox-deliveries.handler';
import { MeteredMessenger } from './infrastructure/messengers/metered.messenger';
import { SandboxMessenger } from './infrastructure/messengers/sandbox.messenger';
import { GramjsTelegramMessenger } from './infrastructure/messengers/telegram/gramjs-telegram.messenger';
import { EvolutionWhatsappMessenger } from './infrastructure/messengers/whatsapp/evolution-whatsapp.messenger';
import { MESSAGING_ORM_ENTITIES } from './infrastructure/persistence/orm-entities';
import { SqlMessageReadModel } from './infrastructure/persistence/sql-message.read-model';
import { TypeOrmMessageRepository } from './infrastructure/persistence/typeorm-message.repository';

const MESSENGER_ADAPTERS = [SandboxMessenger, EvolutionWhatsappMessenger, GramjsTelegramMessenger];

/** The messaging context: messages, their status, the messengers. Transport-free; see its Http and Amqp modules. */
@Module({
  imports: [TypeOrmModule.forFeature(MESSAGING_ORM_ENTITIES)],
  providers: [
    QueueMessageHandler,
    SendMessagesHandler,
    FailMessageHandler,
    GetMessageHandler,
    ListMessagesHandler,
    ListSandboxDeliveriesHandler,
    ...MESSENGER_ADAPTERS,
    {
      provide: MessengerRegistry,
      inject: [Metrics, ...MESSENGER_ADAPTERS],
      useFactory: (metrics: Metrics, ...adapters: Messenger[]) => new MessengerRegistry(adapters.map((adapter) => new MeteredMessenger(adapter, metrics))),
    },
    { provide: MessageRepository, useClass: TypeOrmMessageRepository },
    { provide: MessageReadModel, useClass: SqlMessageReadModel },
  ],
})
export class MessagingModule {}
