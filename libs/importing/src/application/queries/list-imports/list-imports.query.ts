import { Query } from '@nestjs/cqrs';
import { Page } from '@app/shared-kernel';
import { ImportView } from '../get-import/import.view';

/** The caller's imports, newest first; `importType` narrows them to one type. */
export class ListImportsQuery extends Query<Page<ImportView>> {
  constructor(
    readonly ownerId: string,
    readonly filter: { importType: string | null; cursor: string | null; limit: number },
  ) {
    super();
  }
}
