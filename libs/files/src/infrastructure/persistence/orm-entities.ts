import { FileOrmEntity } from './file.orm-entity';

export const FILES_ORM_ENTITIES = [FileOrmEntity];
