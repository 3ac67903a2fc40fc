import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ImportReadModel } from '../../ports/import.read-model';
import { ListImportsQuery } from './list-imports.query';

@QueryHandler(ListImportsQuery)
export class ListImportsHandler implements IQueryHandler<ListImportsQuery> {
  constructor(private readonly imports: ImportReadModel) {}

  execute({ ownerId, filter }: ListImportsQuery) {
    return this.imports.imports(ownerId, filter);
  }
}
