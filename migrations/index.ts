import { Users1795320000000 } from './1795320000000-users';

/** Every migration, oldest first. `npm run migration:generate` writes a new file here: add its class to this list. */
export const MIGRATIONS = [Users1795320000000];
