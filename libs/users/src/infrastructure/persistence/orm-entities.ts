import { ApiKeyOrmEntity } from './api-key.orm-entity';
import { AuthSessionOrmEntity } from './auth-session.orm-entity';
import { UserOrmEntity } from './user.orm-entity';

export const USERS_ORM_ENTITIES = [UserOrmEntity, AuthSessionOrmEntity, ApiKeyOrmEntity];
