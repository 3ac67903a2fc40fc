import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { FileName } from '../../../domain/file-name.vo';
import { FileContent, StoredFile } from '../../../domain/stored-file.aggregate';
import { UploadPolicy } from '../../../domain/upload-policy';
import { FileRepository } from '../../ports/file.repository';
import { FileStorage } from '../../ports/file-storage';
import { UploadFileCommand } from './upload-file.command';
import { UploadInspector } from './upload-inspector';

// why: the bytes stream outside any transaction, which would otherwise hold a connection for the minutes a large
// upload takes. The row is written first, `uploading` (so that a crash leaves something the sweep finds), and
// marked stored with its outbox event once the bytes are all in. A failure removes both the bytes and the row.
@CommandHandler(UploadFileCommand)
export class UploadFileHandler implements ICommandHandler<UploadFileCommand> {
  private readonly logger = new Logger('UploadFileHandler');

  constructor(
    private readonly files: FileRepository,
    private readonly storage: FileStorage,
    private readonly policy: UploadPolicy,
  ) {}

  async execute({ ownerId, name, content }: UploadFileCommand) {
    const file = StoredFile.begin(ownerId, FileName.of(name));
    await this.save(file);
    try {
      file.markStored(await this.store(file.storageKey, content));
      await this.save(file);
    } catch (error) {
      content.destroy();
      await this.discard(file);
      throw error;
    }
    return { id: file.id };
  }

  @Transactional()
  private async save(file: StoredFile): Promise<void> {
    await this.files.save(file);
  }

  private async store(key: string, content: Readable): Promise<FileContent> {
    const inspector = new UploadInspector(this.policy);
    const [piped, stored] = await Promise.allSettled([pipeline(content, inspector), this.storage.put(key, inspector)]);
    inspector.destroy();
    // why: when storage fails, the pipe only sees its end cut short; the storage's error is the one that says why.
    if (stored.status === 'rejected') throw stored.reason;
    if (piped.status === 'rejected') throw piped.reason;
    return inspector.content();
  }

  private async discard(file: StoredFile): Promise<void> {
    try {
      await this.storage.delete(file.storageKey);
      await this.files.remove(file);
    } catch (error) {
      this.logger.warn({ err: error, file_id: file.id }, 'could not clean up after a failed upload; the abandoned-upload sweep will');
    }
  }
}
