import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig, runMain } from '@app/platform';
import { DispatcherModule } from './dispatcher.module';

runMain(async () => {
  const direct = process.argv.includes('--direct');
  const config = new AppConfig(direct ? { ...process.env, OUTBOX_DISPATCH: 'direct' } : process.env);
  const app = await NestFactory.createApplicationContext(DispatcherModule.forRoot(config), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  logger.log(`dispatcher started (${config.outboxDispatch} mode); it has no consumers yet`);
});
