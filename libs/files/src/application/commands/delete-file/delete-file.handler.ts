import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { FileNotFound } from '../../../domain/file.errors';
import { FileRepository } from '../../ports/file.repository';
import { DeleteFileCommand } from './delete-file.command';

@CommandHandler(DeleteFileCommand)
export class DeleteFileHandler implements ICommandHandler<DeleteFileCommand> {
  constructor(private readonly files: FileRepository) {}

  @Transactional()
  async execute({ ownerId, id }: DeleteFileCommand) {
    const file = await this.files.findOwnedForUpdate(ownerId, id);
    if (!file || file.isDeleted) throw new FileNotFound(id);
    file.delete();
    await this.files.save(file);
  }
}
