import { Command } from '@nestjs/cqrs';

/** Deletes one of the owner's files: hidden at once, its bytes removed after (`files.remove-object`). */
export class DeleteFileCommand extends Command<void> {
  constructor(
    readonly ownerId: string,
    readonly id: string,
  ) {
    super();
  }
}
