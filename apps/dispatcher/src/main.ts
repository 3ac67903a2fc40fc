import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { AppConfig, connectConsumers, createOpsApp, runMain } from '@app/platform';
import { DispatcherModule } from './dispatcher.module';

runMain(async () => {
  const direct = process.argv.includes('--direct');
  const config = new AppConfig(direct ? { ...process.env, OUTBOX_DISPATCH: 'direct' } : process.env);
  await createOpsApp(DispatcherModule.forRoot(config), config, (app) => connectConsumers(app, config));
  new Logger('dispatcher').log(`dispatcher consuming (${config.outboxDispatch} mode), health on :${config.opsPort}`);
});
