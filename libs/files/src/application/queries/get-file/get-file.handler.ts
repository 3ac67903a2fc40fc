import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { FileNotFound } from '../../../domain/file.errors';
import { FileReadModel } from '../../ports/file.read-model';
import { GetFileQuery } from './get-file.query';

@QueryHandler(GetFileQuery)
export class GetFileHandler implements IQueryHandler<GetFileQuery> {
  constructor(private readonly files: FileReadModel) {}

  async execute({ ownerId, id }: GetFileQuery) {
    const file = await this.files.file(ownerId, id);
    if (!file) throw new FileNotFound(id);
    return file;
  }
}
