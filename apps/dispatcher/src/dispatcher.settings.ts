import { AppSettings, PlatformSettings } from '@app/platform';
import { FilesSettings } from '@app/files';

/** The dispatcher runs the consumers of messaging and files; its operations port is 9466, beside the gateway's and the relay's. */
export const DISPATCHER_SETTINGS: AppSettings = { classes: [PlatformSettings, FilesSettings], defaults: { OPS_PORT: '9466' } };
