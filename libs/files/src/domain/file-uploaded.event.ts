import { DomainEvent } from '@app/shared-kernel';

export class FileUploaded implements DomainEvent {
  readonly type = 'files.file.uploaded';

  constructor(
    readonly aggregateId: string,
    readonly ownerId: string,
    readonly name: string,
    readonly size: number,
    readonly contentType: string,
    readonly sha256: string,
    readonly occurredAt: Date,
  ) {}
}
