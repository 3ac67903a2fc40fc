import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { FileCatalog } from '@app/files/contracts';
import { DomainError } from '@app/shared-kernel';
import { ImportFile, ImportFiles } from '../../application/ports/import-files';
import { ImportFileNotFound } from '../../domain/import.errors';

/** Files read through the files context's public `FileCatalog`. */
@Injectable()
export class CatalogImportFiles extends ImportFiles {
  constructor(private readonly catalog: FileCatalog) {
    super();
  }

  async find(ownerId: string, fileId: string): Promise<ImportFile | null> {
    const [file] = await this.catalog.owned(ownerId, [fileId]);
    return file ? { id: file.id, name: file.name } : null;
  }

  async open(ownerId: string, fileId: string): Promise<Readable> {
    try {
      return await this.catalog.open(ownerId, fileId);
    } catch (error) {
      throw error instanceof DomainError && error.kind === 'not-found' ? new ImportFileNotFound(fileId) : error;
    }
  }
}
