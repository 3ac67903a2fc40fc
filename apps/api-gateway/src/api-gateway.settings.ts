import { AppSettings } from '@app/platform';
import { HTTP_ROUTES_SETTINGS } from '@app/composition';

/** The gateway serves every context's routes, so it reads their settings; its operations port is 9464. */
export const API_GATEWAY_SETTINGS: AppSettings = { classes: HTTP_ROUTES_SETTINGS, defaults: { OPS_PORT: '9464' } };
