import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { AppConfig, ConfigError, createOpsApp, RelayService, runMain } from '@app/platform';
import { RelayModule } from './relay.module';

runMain(async () => {
  const config = new AppConfig(process.env);
  if (config.outboxDispatch === 'direct') {
    throw new ConfigError('OUTBOX_DISPATCH', 'must be broker for the outbox-relay app (in direct mode the relay runs inside `dispatcher --direct` or `npm start`)', 'direct');
  }
  const once = process.argv.includes('--once');
  const app = await createOpsApp(RelayModule.forRoot(config, { loop: !once }), config);
  const logger = new Logger('outbox-relay');
  if (!once) return logger.log(`outbox-relay publishing to RabbitMQ, health on :${config.opsPort}`);
  await app.get(RelayService).drainAll();
  await app.close();
});
