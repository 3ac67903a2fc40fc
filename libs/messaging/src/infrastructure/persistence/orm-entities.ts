import { MessageEventOrmEntity } from './message-event.orm-entity';
import { MessageOrmEntity } from './message.orm-entity';
import { SandboxCallOrmEntity } from './sandbox-call.orm-entity';
import { SandboxDeliveryOrmEntity } from './sandbox-delivery.orm-entity';

export const MESSAGING_ORM_ENTITIES = [MessageOrmEntity, MessageEventOrmEntity, SandboxCallOrmEntity, SandboxDeliveryOrmEntity];
