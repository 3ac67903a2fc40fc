import { Command } from '@nestjs/cqrs';

/** Removes the bytes of a deleted file from storage: what the dispatcher runs for `files.remove-object`. */
export class RemoveFileObjectCommand extends Command<void> {
  constructor(readonly fileId: string) {
    super();
  }
}
