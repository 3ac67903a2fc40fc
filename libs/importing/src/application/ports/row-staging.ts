import { Import } from '../../domain/import.aggregate';
import { TableRow } from './table-reader';

/**
 * Stages a table's rows in PostgreSQL for the import's batches. Rows go in committed batches, each with the import's
 * progress in the same transaction, so a staging killed half-way is taken up after its last committed row and stages
 * no row twice. The import's counts are moved on as each batch commits.
 */
export abstract class RowStaging {
  abstract stage(target: Import, rows: AsyncIterable<TableRow>): Promise<void>;
}
