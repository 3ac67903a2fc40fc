import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ImportNotFound } from '../../../domain/import.errors';
import { ImportReadModel } from '../../ports/import.read-model';
import { ListImportErrorsQuery } from './list-import-errors.query';

@QueryHandler(ListImportErrorsQuery)
export class ListImportErrorsHandler implements IQueryHandler<ListImportErrorsQuery> {
  constructor(private readonly imports: ImportReadModel) {}

  async execute({ ownerId, importId, cursor, limit }: ListImportErrorsQuery) {
    const page = await this.imports.errors(ownerId, importId, cursor, limit);
    if (!page) throw new ImportNotFound(importId);
    return page;
  }
}
