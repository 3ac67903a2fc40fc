export * from './contracts';
export { MESSAGING_ORM_ENTITIES } from './infrastructure/persistence/orm-entities';
export { MessagingAmqpModule } from './interface/amqp/messaging-amqp.module';
export { MessagingHttpModule } from './interface/http/messaging-http.module';
export { MessagingModule } from './messaging.module';
export { MessagingSettings } from './messaging.settings';
