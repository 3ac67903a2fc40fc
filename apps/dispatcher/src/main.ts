import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { AppConfig, createOpsApp, runMain } from '@app/platform';
import { DispatcherModule } from './dispatcher.module';

runMain(async () => {
  const direct = process.argv.includes('--direct');
  const config = new AppConfig(direct ? { ...process.env, OUTBOX_DISPATCH: 'direct' } : process.env);
  await createOpsApp(DispatcherModule.forRoot(config), config);
  new Logger('dispatcher').log(`dispatcher started (${config.outboxDispatch} mode), health on :${config.opsPort}; no consumers yet`);
});
