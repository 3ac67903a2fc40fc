import { HttpSettings, PlatformSettings, SettingsClass } from '@app/platform';
import { FilesSettings } from '@app/files';
import { ImportingSettings } from '@app/importing';
import { MessagingSettings } from '@app/messaging';
import { JwtSettings, UsersSettings } from '@app/users';

/** The settings the routes of every context read: what an app that serves the API validates at start-up. */
export const HTTP_ROUTES_SETTINGS: SettingsClass[] = [PlatformSettings, HttpSettings, UsersSettings, JwtSettings, FilesSettings, MessagingSettings, ImportingSettings];

/** The settings the consumers of every context read (messaging, files and importing). */
export const CONSUMERS_SETTINGS: SettingsClass[] = [PlatformSettings, FilesSettings, MessagingSettings, ImportingSettings];
