import { Query } from '@nestjs/cqrs';
import { Page } from '../../ports/file.read-model';
import { FileView } from '../get-file/file.view';

export class ListFilesQuery extends Query<Page<FileView>> {
  constructor(
    readonly ownerId: string,
    readonly cursor: string | null,
    readonly limit: number,
  ) {
    super();
  }
}
