import { Query } from '@nestjs/cqrs';
import { Page } from '@app/shared-kernel';
import { ImportRowErrorView } from '../get-import/import.view';

/** The row errors of the caller's import, in row order; `ImportNotFound` when it is not theirs. */
export class ListImportErrorsQuery extends Query<Page<ImportRowErrorView>> {
  constructor(
    readonly ownerId: string,
    readonly importId: string,
    readonly cursor: string | null,
    readonly limit: number,
  ) {
    super();
  }
}
