import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { FileRepository } from '../../ports/file.repository';
import { FileStorage } from '../../ports/file-storage';
import { RemoveFileObjectCommand } from './remove-file-object.command';

@CommandHandler(RemoveFileObjectCommand)
export class RemoveFileObjectHandler implements ICommandHandler<RemoveFileObjectCommand> {
  constructor(
    private readonly files: FileRepository,
    private readonly storage: FileStorage,
  ) {}

  // why: a storage error propagates and rolls back, so the dispatcher retries; removing twice is harmless.
  @Transactional()
  async execute({ fileId }: RemoveFileObjectCommand) {
    const file = await this.files.findForUpdate(fileId);
    if (!file || !file.isDeleted || file.isObjectRemoved) return;
    await this.storage.delete(file.storageKey);
    file.markObjectRemoved();
    await this.files.save(file);
  }
}
