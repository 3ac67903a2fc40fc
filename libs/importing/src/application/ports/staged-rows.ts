import { TableRow } from './table-reader';

/** The rows an import staged, read back in row order by its batches. */
export abstract class StagedRows {
  /** Up to `limit` rows of the import after `afterRow`, in row order. */
  abstract after(ownerId: string, importId: string, afterRow: number, limit: number): Promise<TableRow[]>;
}
