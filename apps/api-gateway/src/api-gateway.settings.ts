import { AppSettings, HttpSettings, PlatformSettings } from '@app/platform';
import { FilesSettings } from '@app/files';
import { JwtSettings, UsersSettings } from '@app/users';

/** The gateway serves every context's routes, so it reads their settings; its operations port is 9464. */
export const API_GATEWAY_SETTINGS: AppSettings = {
  classes: [PlatformSettings, HttpSettings, UsersSettings, JwtSettings, FilesSettings],
  defaults: { OPS_PORT: '9464' },
};
