import { AppSettings } from '@app/platform';
import { CONSUMERS_SETTINGS } from '@app/composition';

/** The dispatcher runs the consumers of messaging and files; its operations port is 9466, beside the gateway's and the relay's. */
export const DISPATCHER_SETTINGS: AppSettings = { classes: CONSUMERS_SETTINGS, defaults: { OPS_PORT: '9466' } };
