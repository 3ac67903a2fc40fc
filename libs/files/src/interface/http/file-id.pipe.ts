import { Injectable, PipeTransform } from '@nestjs/common';
import { UUID_PATTERN } from '@app/shared-kernel';
import { FileNotFound } from '../../domain/file.errors';

/** A file id from the path: one that cannot be a file id names no file, so it answers 404 like an unknown one. */
@Injectable()
export class FileIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID_PATTERN.test(value)) throw new FileNotFound(JSON.stringify(value.slice(0, 64)));
    return value;
  }
}
