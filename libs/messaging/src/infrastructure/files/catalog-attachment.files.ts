import { Injectable } from '@nestjs/common';
import { FileCatalog } from '@app/files/contracts';
import { AttachmentFile, AttachmentFiles } from '../../application/ports/attachment-files';

/** Attachments read through the files context's public `FileCatalog`. */
@Injectable()
export class CatalogAttachmentFiles extends AttachmentFiles {
  constructor(private readonly catalog: FileCatalog) {
    super();
  }

  async describe(ownerId: string, fileIds: readonly string[]): Promise<Map<string, AttachmentFile>> {
    const files = await this.catalog.owned(ownerId, fileIds);
    return new Map(files.map(({ id, name, size, contentType }) => [id, { fileId: id, fileName: name, size, contentType }]));
  }

  async read(ownerId: string, fileId: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.catalog.open(ownerId, fileId)) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
    return Buffer.concat(chunks);
  }
}
