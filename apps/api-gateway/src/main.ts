import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { HttpSettings, OpsServer, PlatformSettings, runMain, Settings } from '@app/platform';
import { createApiGateway } from './api-gateway';
import { API_GATEWAY_SETTINGS } from './api-gateway.settings';

runMain(async () => {
  const settings = Settings.read(process.env, API_GATEWAY_SETTINGS);
  const app = await createApiGateway(settings);
  await app.listen(settings.get(HttpSettings).port, settings.get(PlatformSettings).host);
  const ops = await app.get(OpsServer).listen();
  new Logger('api-gateway').log(`API on ${await app.getUrl()}, docs at /docs, metrics on ${ops}/metrics`);
});
