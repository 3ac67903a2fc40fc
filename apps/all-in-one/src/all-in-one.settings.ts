import { AppSettings, Env } from '@app/platform';
import { API_GATEWAY_SETTINGS } from '../../api-gateway/src/api-gateway.settings';
import { DISPATCHER_SETTINGS } from '../../dispatcher/src/dispatcher.settings';

/** The gateway and the dispatcher in one process: the settings of both, on the gateway's operations port. */
export const ALL_IN_ONE_SETTINGS: AppSettings = {
  classes: [...new Set([...API_GATEWAY_SETTINGS.classes, ...DISPATCHER_SETTINGS.classes])],
  defaults: API_GATEWAY_SETTINGS.defaults,
};

/** `DATABASE_URL` and `JWT_SECRET` where the environment leaves them unset: the all-in-one's embedded ones. */
export function withEmbedded(env: Env, embedded: { databaseUrl: string; jwtSecret: string }): Env {
  return { ...env, DATABASE_URL: env.DATABASE_URL?.trim() || embedded.databaseUrl, JWT_SECRET: env.JWT_SECRET?.trim() || embedded.jwtSecret };
}
