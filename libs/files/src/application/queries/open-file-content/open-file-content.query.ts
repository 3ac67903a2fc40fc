import type { Readable } from 'node:stream';
import { Query } from '@nestjs/cqrs';
import { ByteRange, RequestedRange } from '../../../domain/byte-range';
import { FileView } from '../get-file/file.view';

export type { ByteRange, RequestedRange };

export interface FileContentView {
  file: FileView;
  /** The bytes sent: null for all of them. */
  range: ByteRange | null;
  body: Readable;
}

/** The bytes of one of the owner's files, all of them or one range. */
export class OpenFileContentQuery extends Query<FileContentView> {
  constructor(
    readonly ownerId: string,
    readonly id: string,
    readonly range: RequestedRange | null,
  ) {
    super();
  }
}
