export * from './contracts';
export { FilesModule } from './files.module';
export { FILES_ORM_ENTITIES } from './infrastructure/persistence/orm-entities';
export { FilesAmqpModule } from './interface/amqp/files-amqp.module';
export { FilesHttpModule } from './interface/http/files-http.module';
export * from './files.settings';
