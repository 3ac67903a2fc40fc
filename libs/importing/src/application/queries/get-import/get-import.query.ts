import { Query } from '@nestjs/cqrs';
import { ImportView } from './import.view';

/** The caller's import; `ImportNotFound` when it is not theirs. */
export class GetImportQuery extends Query<ImportView> {
  constructor(
    readonly ownerId: string,
    readonly importId: string,
  ) {
    super();
  }
}
