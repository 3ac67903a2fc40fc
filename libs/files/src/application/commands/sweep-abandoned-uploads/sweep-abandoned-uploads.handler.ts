import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { FileRepository } from '../../ports/file.repository';
import { FileStorage } from '../../ports/file-storage';
import { SweepAbandonedUploadsCommand } from './sweep-abandoned-uploads.command';

// why: no transaction: each upload is settled on its own, the bytes first and the row after, so a sweep cut
// short leaves the row for the next one; two sweeps at once only delete the same things twice.
@CommandHandler(SweepAbandonedUploadsCommand)
export class SweepAbandonedUploadsHandler implements ICommandHandler<SweepAbandonedUploadsCommand> {
  constructor(
    private readonly files: FileRepository,
    private readonly storage: FileStorage,
  ) {}

  async execute({ before, limit }: SweepAbandonedUploadsCommand) {
    const abandoned = await this.files.abandonedUploads(before, limit);
    for (const file of abandoned) {
      await this.storage.delete(file.storageKey);
      await this.files.remove(file);
    }
    return { removed: abandoned.length };
  }
}
