import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, createOpsApp, PlatformSettings, RelayService, runMain, Settings } from '@app/platform';
import { RelayModule } from './relay.module';
import { RELAY_SETTINGS } from './relay.settings';

runMain(async () => {
  const settings = Settings.read(process.env, RELAY_SETTINGS);
  const platform = settings.get(PlatformSettings);
  if (platform.outboxDispatch === 'direct') {
    throw new ConfigError('OUTBOX_DISPATCH', 'must be broker for the outbox-relay app (in direct mode the relay runs inside `dispatcher --direct` or `npm start`)', 'direct');
  }
  const once = process.argv.includes('--once');
  const app = await createOpsApp(RelayModule.forRoot(settings, { loop: !once }), platform);
  const logger = new Logger('outbox-relay');
  if (!once) return logger.log(`outbox-relay publishing to RabbitMQ, health on :${platform.opsPort}`);
  await app.get(RelayService).drainAll();
  await app.close();
});
