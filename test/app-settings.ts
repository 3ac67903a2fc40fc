import { AppSettings } from '@app/platform';
import { API_GATEWAY_SETTINGS } from '../apps/api-gateway/src/api-gateway.settings';
import { DISPATCHER_SETTINGS } from '../apps/dispatcher/src/dispatcher.settings';
import { RELAY_SETTINGS } from '../apps/outbox-relay/src/relay.settings';

/** What each deployable app reads, by its name in docker-compose.yml and k8s/. */
export const APP_SETTINGS: Record<string, AppSettings> = {
  'api-gateway': API_GATEWAY_SETTINGS,
  'outbox-relay': RELAY_SETTINGS,
  dispatcher: DISPATCHER_SETTINGS,
};
