import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { AppConfig, createOpsApp, runMain } from '@app/platform';
import { RelayModule } from './relay.module';

runMain(async () => {
  const config = new AppConfig(process.env);
  const once = process.argv.includes('--once');
  const app = await createOpsApp(RelayModule.forRoot(config), config);
  const logger = new Logger('outbox-relay');
  logger.log(`outbox-relay started (${config.outboxDispatch} mode${once ? ', --once' : ''}), health on :${config.opsPort}; no outbox to drain yet`);
  if (once) await app.close();
});
