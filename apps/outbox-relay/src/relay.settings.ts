import { AppSettings, PlatformSettings } from '@app/platform';

/** The relay reads the platform's settings only; its operations port is 9465, beside the gateway's and the dispatcher's. */
export const RELAY_SETTINGS: AppSettings = { classes: [PlatformSettings], defaults: { OPS_PORT: '9465' } };
