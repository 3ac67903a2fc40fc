import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { resolveRange } from '../../../domain/byte-range';
import { FileNotFound, RangeNotSatisfiable } from '../../../domain/file.errors';
import { FileReadModel } from '../../ports/file.read-model';
import { FileStorage } from '../../ports/file-storage';
import { FileContentView, OpenFileContentQuery } from './open-file-content.query';

@QueryHandler(OpenFileContentQuery)
export class OpenFileContentHandler implements IQueryHandler<OpenFileContentQuery> {
  constructor(
    private readonly files: FileReadModel,
    private readonly storage: FileStorage,
  ) {}

  async execute({ ownerId, id, range: requested }: OpenFileContentQuery): Promise<FileContentView> {
    const found = await this.files.storedObject(ownerId, id);
    if (!found) throw new FileNotFound(id);
    const range = requested ? resolveRange(requested, found.file.size) : null;
    if (requested && !range) throw new RangeNotSatisfiable(found.file.size);
    return { file: found.file, range, body: await this.storage.get(found.storageKey, range ?? undefined) };
  }
}
