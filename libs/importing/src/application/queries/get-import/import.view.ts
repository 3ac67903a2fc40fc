import type { ImportStatus } from '../../../domain/import-status';

export interface ImportCountsView {
  /** Data rows in the file: known once it is staged, null before. */
  rows: number | null;
  /** Rows staged so far. */
  staged: number;
  processed: number;
  /** Rows the import type saved something for (e.g. one message each), counted from what was written. */
  valid: number;
  /** Rows refused, each with at least one row error. */
  invalid: number;
}

/** An import as its owner sees it. */
export interface ImportView {
  id: string;
  file_id: string;
  import_type: string;
  status: ImportStatus;
  counts: ImportCountsView;
  /** Why the import failed as a whole (`legacy_xls`, `missing_column`…), null otherwise. */
  error_code: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
}

/** One row error of an import. */
export interface ImportRowErrorView {
  row: number;
  column: string | null;
  value: string | null;
  code: string;
  message: string;
}
