import { DomainEvent } from '@app/shared-kernel';
import type { ImportStatus } from './import-status';

/** An import moved to another status; published as `importing.import.<status>.v1`. */
export class ImportStatusChanged implements DomainEvent {
  readonly type = 'ImportStatusChanged';
  constructor(
    readonly aggregateId: string,
    readonly ownerId: string,
    readonly status: ImportStatus,
    readonly occurredAt: Date,
  ) {}
}
