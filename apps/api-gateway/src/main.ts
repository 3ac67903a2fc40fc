import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { AppConfig, OpsServer, runMain } from '@app/platform';
import { createApiGateway } from './api-gateway';

runMain(async () => {
  const config = new AppConfig(process.env);
  const app = await createApiGateway(config);
  await app.listen(config.port, config.host);
  const ops = await app.get(OpsServer).listen();
  new Logger('api-gateway').log(`API on ${await app.getUrl()}, docs at /docs, metrics on ${ops}/metrics`);
});
