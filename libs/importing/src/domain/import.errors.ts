import { DomainError } from '@app/shared-kernel';

export class IllegalImportTransition extends DomainError {
  readonly kind = 'conflict';
  constructor(id: string, from: string, to: string) {
    super(`Import ${id} cannot go from ${from} to ${to}.`);
  }
}

export class UnknownImportType extends DomainError {
  readonly kind = 'invalid';
  constructor(name: string, known: readonly string[]) {
    super(`Unknown import_type "${name.slice(0, 64)}": use one of ${known.join(', ') || '(none registered)'}.`);
  }
}

/** One field of an import's config that its type's config schema refuses. */
export interface ConfigProblem {
  field: string;
  message: string;
}

/** The config does not fit its import type's config schema; `problems` says where, field by field. */
export class InvalidImportConfig extends DomainError {
  readonly kind = 'invalid';
  constructor(
    readonly importType: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(`The config of a ${importType} import is invalid: ${problems.map(({ field, message }) => `${field}: ${message}`).join('; ')}.`);
  }
}

export class ImportNotFound extends DomainError {
  readonly kind = 'not-found';
  constructor(id: string) {
    super(`Import ${id} was not found.`);
  }
}

/** The file to import is not one of the caller's stored files. */
export class ImportFileNotFound extends DomainError {
  readonly kind = 'not-found';
  readonly code = 'file_not_found';
  constructor(fileId: string) {
    super(`File ${fileId} was not found: upload it first (POST /v1/files/upload) and give the id it answers.`);
  }
}

export class ImportAlreadyOver extends DomainError {
  readonly kind = 'conflict';
  constructor(id: string, status: string) {
    super(`Import ${id} is already ${status}: there is nothing left to cancel.`);
  }
}

/** The file's columns do not fit the import's row schema and config (`missing_column`, `unknown_columns`, `duplicate_column`). */
export class ImportColumnsRefused extends DomainError {
  readonly kind = 'unprocessable';
  constructor(
    readonly code: 'missing_column' | 'unknown_columns' | 'duplicate_column',
    message: string,
  ) {
    super(message);
  }
}

export class InvalidImportCursor extends DomainError {
  readonly kind = 'invalid';
  constructor(cursor: string) {
    super(`The cursor ${JSON.stringify(cursor.slice(0, 64))} is not one this list gave: use next_cursor as it came.`);
  }
}
