import { DomainEvent } from '@app/shared-kernel';

/** The import's next batch is due: the staged rows after `afterRow`. Becomes the `importing.process-import-batch` command. */
export class ImportBatchDue implements DomainEvent {
  readonly type = 'ImportBatchDue';
  constructor(
    readonly aggregateId: string,
    readonly afterRow: number,
    readonly occurredAt: Date,
  ) {}
}
