export { ConsumersModule } from './consumers.module';
export { createHttpApp, type HttpAppOptions } from './http-app';
export { HttpRoutesModule } from './http-routes.module';
