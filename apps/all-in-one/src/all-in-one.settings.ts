import { AppSettings, Env } from '@app/platform';
import { CONSUMERS_SETTINGS, HTTP_ROUTES_SETTINGS } from '@app/composition';

/** The gateway and the dispatcher in one process: the settings of both, on the gateway's operations port. */
export const ALL_IN_ONE_SETTINGS: AppSettings = {
  classes: [...new Set([...HTTP_ROUTES_SETTINGS, ...CONSUMERS_SETTINGS])],
  defaults: { OPS_PORT: '9464' },
};

/** `DATABASE_URL` and `JWT_SECRET` where the environment leaves them unset: the all-in-one's embedded ones. */
export function withEmbedded(env: Env, embedded: { databaseUrl: string; jwtSecret: string }): Env {
  return { ...env, DATABASE_URL: env.DATABASE_URL?.trim() || embedded.databaseUrl, JWT_SECRET: env.JWT_SECRET?.trim() || embedded.jwtSecret };
}
