import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig, runMain } from '@app/platform';
import { RelayModule } from './relay.module';

runMain(async () => {
  const config = new AppConfig(process.env);
  const once = process.argv.includes('--once');
  const app = await NestFactory.createApplicationContext(RelayModule.forRoot(config), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  logger.log(`outbox-relay started (${config.outboxDispatch} mode${once ? ', --once' : ''}); it has no outbox to drain yet`);
  if (once) await app.close();
});
