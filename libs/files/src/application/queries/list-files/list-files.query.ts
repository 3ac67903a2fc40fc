import { Query } from '@nestjs/cqrs';
import { Page } from '@app/shared-kernel';
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
