import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ImportNotFound } from '../../../domain/import.errors';
import { ImportReadModel } from '../../ports/import.read-model';
import { GetImportQuery } from './get-import.query';

@QueryHandler(GetImportQuery)
export class GetImportHandler implements IQueryHandler<GetImportQuery> {
  constructor(private readonly imports: ImportReadModel) {}

  async execute({ ownerId, importId }: GetImportQuery) {
    const found = await this.imports.import(ownerId, importId);
    if (!found) throw new ImportNotFound(importId);
    return found;
  }
}
