import { Test, TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { PlatformModule } from '@app/platform';
import { uuidV7 } from '@app/shared-kernel';
import { testConfig } from '../../../../../test/test-config';
import { ImportNoLongerStaging } from '../../application/ports/row-staging';
import { TableRow } from '../../application/ports/table-reader';
import { Import } from '../../domain/import.aggregate';
import { PgCopyRowStaging, STAGING_BATCH_ROWS } from './pg-copy.row-staging';

describe('PgCopyRowStaging', () => {
  let moduleRef: TestingModule;
  let db: DataSource;
  let staging: PgCopyRowStaging;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({ imports: [PlatformModule.forRoot(testConfig())], providers: [PgCopyRowStaging] }).compile();
    db = moduleRef.get(DataSource);
    staging = moduleRef.get(PgCopyRowStaging);
  }, 30_000);

  afterAll(() => moduleRef?.close());

  async function anImport(): Promise<Import> {
    const item = Import.start({ ownerId: uuidV7(), fileId: uuidV7(), importType: 'messages', config: {} });
    item.beginStaging();
    const { id, ownerId, fileId, importType, config, status, createdAt } = item.snapshot();
    await db.query(
      `INSERT INTO importing.imports (id, owner_id, file_id, import_type, config, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
      [id, ownerId, fileId, importType, JSON.stringify(config), status, createdAt],
    );
    return item;
  }

  async function* numbered(count: number, failAfter = Infinity): AsyncGenerator<TableRow> {
    for (let n = 1; n <= count; n += 1) {
      if (n > failAfter) throw new Error('the dispatcher died');
      yield { row: n + 1, cells: [`name ${n}`, `+1555${String(n).padStart(7, '0')}`] };
    }
  }

  const progress = async (id: string) =>
    (await db.query(`SELECT staged_rows, last_staged_row, (SELECT count(*)::int FROM importing.import_rows WHERE import_id = $1) AS rows FROM importing.imports WHERE id = $1`, [id]))[0];

  it('keeps every cell exactly, whatever characters it holds', async () => {
    const item = await anImport();
    const tricky = ['', 'NULL', '{a,b}', 'say "hi"', 'back\\slash', 'tab\there', 'line\nbreak\r\n', 'comma, here', '\\N', 'José 李雷 🎉', ' spaced '];
    await staging.stage(item, (async function* () {
      yield { row: 2, cells: tricky };
      yield { row: 3, cells: [] };
    })());
    const rows = await db.query(`SELECT "row", cells FROM importing.import_rows WHERE import_id = $1 ORDER BY "row"`, [item.id]);
    expect(rows).toEqual([
      { row: 2, cells: tricky },
      { row: 3, cells: [] },
    ]);
    expect(item.snapshot().counts.staged).toBe(2);
  });

  it('commits a batch at a time with its progress, and a staging taken up again after a crash stages no row twice', async () => {
    const total = STAGING_BATCH_ROWS * 2 + 500;
    const item = await anImport();
    await expect(staging.stage(item, numbered(total, STAGING_BATCH_ROWS + 100))).rejects.toThrow('the dispatcher died');
    expect(await progress(item.id)).toEqual({ staged_rows: STAGING_BATCH_ROWS, last_staged_row: STAGING_BATCH_ROWS + 1, rows: STAGING_BATCH_ROWS });

    const [state] = await db.query(`SELECT staged_rows, last_staged_row FROM importing.imports WHERE id = $1`, [item.id]);
    const resumed = Import.restore({ ...item.snapshot(), counts: { staged: state.staged_rows, processed: 0, valid: 0, invalid: 0 }, lastStagedRow: state.last_staged_row });
    await staging.stage(resumed, numbered(total));
    expect(await progress(item.id)).toEqual({ staged_rows: total, last_staged_row: total + 1, rows: total });
    expect(resumed.snapshot().counts.staged).toBe(total);
    const [{ distinct }] = await db.query(`SELECT count(DISTINCT "row")::int AS distinct FROM importing.import_rows WHERE import_id = $1`, [item.id]);
    expect(distinct).toBe(total);
  }, 60_000);

  it('stops at the next batch once the import is no longer staging (cancelled), keeping what was committed', async () => {
    const item = await anImport();
    await staging.stage(item, numbered(3));
    await db.query(`UPDATE importing.imports SET status = 'cancelled' WHERE id = $1`, [item.id]);

    await expect(staging.stage(Import.restore({ ...item.snapshot() }), numbered(10))).rejects.toThrow(ImportNoLongerStaging);
    expect(await progress(item.id)).toEqual({ staged_rows: 3, last_staged_row: 4, rows: 3 });
  });
});
