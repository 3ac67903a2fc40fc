export { ConsumersModule } from './consumers.module';
export { createHttpApp, type HttpAppOptions } from './http-app';
export { HTTP_MODULES, HttpRoutesModule } from './http-routes.module';
export { openApiDocument, serveOpenApi } from './openapi';
export { CONSUMERS_SETTINGS, HTTP_ROUTES_SETTINGS } from './settings';
