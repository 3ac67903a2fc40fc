import type { Readable } from 'node:stream';
import { Command } from '@nestjs/cqrs';

/** Stores the bytes of `content` as a new file of the owner; the name is the client's, cleaned. */
export class UploadFileCommand extends Command<{ id: string }> {
  constructor(
    readonly ownerId: string,
    readonly name: string,
    readonly content: Readable,
  ) {
    super();
  }
}
