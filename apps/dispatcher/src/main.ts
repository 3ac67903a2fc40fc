import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { connectConsumers, createOpsApp, PlatformSettings, runMain, Settings } from '@app/platform';
import { DispatcherModule } from './dispatcher.module';
import { DISPATCHER_SETTINGS } from './dispatcher.settings';

runMain(async () => {
  const direct = process.argv.includes('--direct');
  const settings = Settings.read(direct ? { ...process.env, OUTBOX_DISPATCH: 'direct' } : process.env, DISPATCHER_SETTINGS);
  const platform = settings.get(PlatformSettings);
  await createOpsApp(DispatcherModule.forRoot(settings), platform, (app) => connectConsumers(app, platform));
  new Logger('dispatcher').log(`dispatcher consuming (${platform.outboxDispatch} mode), health on :${platform.opsPort}`);
});
