import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/platform';
import { FILES_ORM_ENTITIES } from '@app/files';
import { MESSAGING_ORM_ENTITIES } from '@app/messaging';
import { USERS_ORM_ENTITIES } from '@app/users';
import { MIGRATIONS } from '../../../migrations';

/** Every context's tables: what `migration:generate` compares the schema against. */
export const ORM_ENTITIES = [...USERS_ORM_ENTITIES, ...FILES_ORM_ENTITIES, ...MESSAGING_ORM_ENTITIES];

/** For the TypeORM CLI (`npm run migration:generate -- migrations/<Name>`), on DATABASE_URL. */
export default new DataSource(dataSourceOptions(process.env.DATABASE_URL ?? '', 2, { entities: ORM_ENTITIES, migrations: MIGRATIONS }));
