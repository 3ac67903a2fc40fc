import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ImportRowError } from '../../application/import-type';
import { ImportRowErrors } from '../../application/ports/import-row-errors';

@Injectable()
export class PgImportRowErrors extends ImportRowErrors {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  // why: one statement for a batch's errors; `seq` numbers the errors of one row in the order they were found.
  async add(ownerId: string, importId: string, errors: readonly ImportRowError[]): Promise<void> {
    if (errors.length === 0) return;
    const seen = new Map<number, number>();
    const seqs = errors.map(({ row }) => {
      const seq = seen.get(row) ?? 0;
      seen.set(row, seq + 1);
      return seq;
    });
    const column = <K extends keyof ImportRowError>(key: K) => errors.map((error) => error[key]);
    await this.txHost.tx.query(
      `INSERT INTO importing.import_row_errors (owner_id, import_id, "row", seq, "column", value, code, message)
       SELECT $1::uuid, $2::uuid, e.* FROM unnest($3::int[], $4::smallint[], $5::text[], $6::text[], $7::text[], $8::text[]) AS e
       ON CONFLICT DO NOTHING`,
      [ownerId, importId, column('row'), seqs, column('column'), column('value'), column('code'), column('message')],
    );
  }
}
