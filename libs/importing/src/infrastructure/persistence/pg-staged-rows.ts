import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { StagedRows } from '../../application/ports/staged-rows';
import { TableRow } from '../../application/ports/table-reader';

@Injectable()
export class PgStagedRows extends StagedRows {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  after(ownerId: string, importId: string, afterRow: number, limit: number): Promise<TableRow[]> {
    return this.txHost.tx.query(
      `SELECT r."row", r.cells FROM importing.import_rows r WHERE r.owner_id = $1 AND r.import_id = $2 AND r."row" > $3 ORDER BY r."row" LIMIT $4`,
      [ownerId, importId, afterRow, limit],
    );
  }
}
