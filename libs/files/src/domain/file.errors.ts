import { DomainError } from '@app/shared-kernel';

export class FileNotFound extends DomainError {
  readonly kind = 'not-found';
  constructor(id: string) {
    super(`No file ${id}.`);
  }
}

export class EmptyFile extends DomainError {
  readonly kind = 'invalid';
  constructor() {
    super('The file is empty: send a file with some content.');
  }
}

export class FileTooLarge extends DomainError {
  readonly kind = 'too-large';
  constructor(maxBytes: number) {
    super(`The file is larger than ${formatBytes(maxBytes)}, the most this server accepts.`);
  }
}

export class FileTypeNotAllowed extends DomainError {
  readonly kind = 'unsupported-type';
  constructor(type: string, allowed: readonly string[]) {
    super(`Files of type ${type} are not accepted (the type is read from the content, not the name); accepted: ${allowed.join(', ')}.`);
  }
}

export class RangeNotSatisfiable extends DomainError {
  readonly kind = 'range-not-satisfiable';
  constructor(readonly size: number) {
    super(`The requested range lies outside the file, which has ${size} bytes.`);
  }
}

export class IllegalFileTransition extends DomainError {
  readonly kind = 'conflict';
  constructor(id: string, action: string, status: string) {
    super(`File ${id} cannot be ${action} while ${status}.`);
  }
}

/** `104857600` → `100 MiB`; sizes that are no whole number of KiB, MiB or GiB stay in bytes. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} bytes`;
}
