import { Import } from '../../domain/import.aggregate';
import { TableRow } from './table-reader';

/** The import left `staging` (cancelled) while its rows were being staged: the batch under way is rolled back. */
export class ImportNoLongerStaging extends Error {
  constructor(id: string) {
    super(`Import ${id} is no longer staging`);
    this.name = 'ImportNoLongerStaging';
  }
}

/**
 * Stages a table's rows in PostgreSQL for the import's batches. Rows go in committed batches, each with the import's
 * progress in the same transaction, so a staging killed half-way is taken up after its last committed row and stages
 * no row twice. The import's counts are moved on as each batch commits;
 * `ImportNoLongerStaging` when the import's status moved away from `staging`.
 */
export abstract class RowStaging {
  abstract stage(target: Import, rows: AsyncIterable<TableRow>): Promise<void>;
}
