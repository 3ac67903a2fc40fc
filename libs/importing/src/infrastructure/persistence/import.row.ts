import { ImportState } from '../../domain/import.aggregate';
import type { ImportStatus } from '../../domain/import-status';

export const IMPORT_COLUMNS = `i.id, i.owner_id, i.file_id, i.import_type, i.config, i.status, i.columns, i.staged_rows, i.last_staged_row, i.last_processed_row,
  i.processed_rows, i.valid_rows, i.invalid_rows, i.error_code, i.error, i.created_at, i.updated_at`;

export interface ImportRow {
  id: string;
  owner_id: string;
  file_id: string;
  import_type: string;
  config: Record<string, unknown>;
  status: ImportStatus;
  columns: string[] | null;
  staged_rows: number;
  last_staged_row: number;
  last_processed_row: number;
  processed_rows: number;
  valid_rows: number;
  invalid_rows: number;
  error_code: string | null;
  error: string | null;
  created_at: Date;
  updated_at: Date;
}

export function fromRow(row: ImportRow): ImportState {
  return {
    id: row.id,
    ownerId: row.owner_id,
    fileId: row.file_id,
    importType: row.import_type,
    config: row.config,
    status: row.status,
    columns: row.columns,
    counts: { staged: row.staged_rows, processed: row.processed_rows, valid: row.valid_rows, invalid: row.invalid_rows },
    lastStagedRow: row.last_staged_row,
    lastProcessedRow: row.last_processed_row,
    errorCode: row.error_code,
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
