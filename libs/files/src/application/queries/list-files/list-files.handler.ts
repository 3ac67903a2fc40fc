import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { FileReadModel } from '../../ports/file.read-model';
import { ListFilesQuery } from './list-files.query';

@QueryHandler(ListFilesQuery)
export class ListFilesHandler implements IQueryHandler<ListFilesQuery> {
  constructor(private readonly files: FileReadModel) {}

  execute({ ownerId, cursor, limit }: ListFilesQuery) {
    return this.files.files(ownerId, cursor, limit);
  }
}
