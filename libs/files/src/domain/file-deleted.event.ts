import { DomainEvent } from '@app/shared-kernel';

export class FileDeleted implements DomainEvent {
  readonly type = 'files.file.deleted';

  constructor(
    readonly aggregateId: string,
    readonly ownerId: string,
    readonly occurredAt: Date,
  ) {}
}
