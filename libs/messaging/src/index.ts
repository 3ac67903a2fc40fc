export * from './contracts';
export { MESSAGING_ORM_ENTITIES } from './infrastructure/persistence/orm-entities';
export { MessagingAmqpModule } from './interface/amqp/messaging-amqp.module';
export { MessagingHttpModule } from './interface/http/messaging-http.module';
export { MESSENGER_NAMES, MessagingModule } from './messaging.module';
export { documentMessengerNames } from './interface/http/messenger-property';
export { MessagingSettings } from './messaging.settings';
