import { DomainEvent } from '@app/shared-kernel';
import type { ImportStatus } from './import-status';

export interface ImportProgress {
  staged: number;
  processed: number;
  valid: number;
  invalid: number;
}

/** An import moved to another status; published as `importing.import.<status>.v1`. */
export class ImportStatusChanged implements DomainEvent {
  readonly type = 'ImportStatusChanged';
  constructor(
    readonly aggregateId: string,
    readonly ownerId: string,
    readonly status: ImportStatus,
    readonly occurredAt: Date,
    readonly importType: string = '',
    readonly counts: ImportProgress = { staged: 0, processed: 0, valid: 0, invalid: 0 },
    readonly errorCode: string | null = null,
    readonly error: string | null = null,
  ) {}
}
