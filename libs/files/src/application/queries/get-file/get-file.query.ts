import { Query } from '@nestjs/cqrs';
import { FileView } from './file.view';

export class GetFileQuery extends Query<FileView> {
  constructor(
    readonly ownerId: string,
    readonly id: string,
  ) {
    super();
  }
}
