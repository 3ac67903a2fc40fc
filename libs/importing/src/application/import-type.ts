/** One field of an import type's rows: a column of the file (after the column mapping). */
export interface ImportField {
  /** The column's name, after the config's `column_mapping`. */
  name: string;
  /** The file must have this column: without it the import fails before its first row (`missing_column`). */
  required: boolean;
  /** A blank cell is a row error (`blank_value`). */
  nonBlank?: boolean;
  /** More characters than this in a cell is a row error (`too_long`). */
  maxLength?: number;
}

/** What an import type's rows are made of: the engine checks each row against it before the handler sees it. */
export interface RowSchema {
  fields: readonly ImportField[];
}

/** What the engine does with the file's columns its type's row schema does not name. */
export const UNKNOWN_COLUMN_POLICIES = ['ignore', 'reject', 'keep'] as const;
export type UnknownColumnPolicy = (typeof UNKNOWN_COLUMN_POLICIES)[number];

/** One row handed to a handler: its number in the file (the header is row 1) and its cells by column name. */
export interface ImportRow {
  row: number;
  /** The schema's fields, and the unknown columns when the policy is `keep` (e.g. as template variables). */
  values: Readonly<Record<string, string>>;
}

/** Why one row (or one cell of it) was not imported, as listed by `GET …/errors`. */
export interface ImportRowError {
  row: number;
  column: string | null;
  value: string | null;
  /** Stable, machine-readable: `invalid_recipient`, `missing_variable`, `duplicate_recipient`… */
  code: string;
  message: string;
}

/** One batch of valid rows of one import, for its type's handler, inside the batch's transaction. */
export interface ImportBatch<C> {
  importId: string;
  ownerId: string;
  config: C;
  rows: readonly ImportRow[];
  correlationId: string | null;
}

export interface ImportBatchOutcome {
  /** Rows the handler saved something for, counted from what it wrote. */
  saved: number;
  /** Rows it refused; each refused row has at least one. */
  errors: readonly ImportRowError[];
}

/**
 * An import type (`import_type`): its config schema, its row schema and its handler. A context adds one by
 * providing a subclass and registering it with `ImportTypes` (e.g. in `onModuleInit`); nothing else changes.
 * `handle` runs inside the batch's transaction (with the engine's progress and inbox row): what it writes must go
 * through the caller's transaction, so that a batch run again creates nothing twice.
 */
export abstract class ImportType<C = unknown> {
  abstract readonly name: string;
  /** The config checked against the type's schema: `InvalidImportConfig` (or another `DomainError`) when it does not fit. */
  abstract parseConfig(ownerId: string, config: Readonly<Record<string, unknown>>): Promise<C>;
  abstract rowSchema(config: C): RowSchema;
  abstract handle(batch: ImportBatch<C>): Promise<ImportBatchOutcome>;
  /** The import was cancelled: undo or stop what its batches started (in the cancelling transaction). */
  abstract cancelled(ownerId: string, importId: string): Promise<void>;
}
