import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Table, TableSource } from '../../application/ports/table-reader';
import { ImportFileRefused } from '../../domain/import-file.errors';
import { DEFAULT_TABLE_LIMITS, TableLimits } from '../../domain/table-limits';
import { TabularFileReader } from './tabular-file.reader';

const CORPUS = join(__dirname, '../../../../../test/fixtures/imports');
const reader = new TabularFileReader();

type Options = Partial<Omit<TableSource, 'limits'>> & { limits?: Partial<TableLimits> };

function source(fileName: string, options: Options = {}): TableSource {
  return { content: createReadStream(join(CORPUS, fileName)), fileName, ...options, limits: { ...DEFAULT_TABLE_LIMITS, ...options.limits } };
}

async function read(fileName: string, options: Options = {}): Promise<{ columns: string[]; rows: [number, string[]][] }> {
  const table: Table = await reader.open(source(fileName, options));
  const rows: [number, string[]][] = [];
  for await (const { row, cells } of table.rows) rows.push([row, cells]);
  return { columns: table.columns, rows };
}

async function refusal(fileName: string, options: Options = {}): Promise<ImportFileRefused> {
  const error = await read(fileName, options).then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ImportFileRefused)) throw new Error(`${fileName} was not refused: ${String(error)}`);
  return error;
}

describe('TabularFileReader: CSV', () => {
  it("reads Excel's CSV: semicolons, a BOM, CRLF, accents, a quoted delimiter", async () => {
    expect(await read('excel-semicolon-bom-crlf.csv')).toEqual({
      columns: ['name', 'phone', 'city'],
      rows: [
        [2, ['José Núñez', '+34 612 345 678', 'Málaga']],
        [3, ['Zoë', '+44 7700 900123', 'York; North']],
      ],
    });
  });

  it("reads Google Sheets' CSV: escaped quotes, commas in quotes, an empty last cell", async () => {
    expect((await read('google-sheets.csv')).rows).toEqual([
      [2, ['Ada Lovelace', '+15550100', 'likes "quotes", commas']],
      [3, ['Alan Turing', '+15550101', '']],
    ]);
  });

  it('keeps a quoted newline inside its cell, counting rows as a spreadsheet does', async () => {
    expect((await read('quoted-newlines.csv')).rows).toEqual([
      [2, ['Ada', '12 Main St\r\nFlat 3']],
      [3, ['Grace', '1 Navy Way']],
    ]);
  });

  it('passes ragged rows on as they are, for the row checks to explain', async () => {
    expect((await read('ragged-rows.csv')).rows).toEqual([
      [2, ['Ada', '+15550100']],
      [3, ['Alan', '+15550101', 'London', 'extra']],
      [4, ['Grace', '+15550102', 'Arlington']],
    ]);
  });

  it('skips blank lines but keeps the row numbers of the lines after them', async () => {
    expect((await read('blank-lines.csv')).rows).toEqual([
      [3, ['Ada', '+15550100']],
      [6, ['Alan', '+15550101']],
    ]);
  });

  it.each([
    ['pipes.csv', '|'],
    ['utf16le-bom-tabs.txt', 'tab, in UTF-16 with a BOM'],
  ])('sniffs the delimiter of %s (%s)', async (file) => {
    const { columns, rows } = await read(file);
    expect(columns).toEqual(['name', 'phone']);
    expect(rows.length).toBe(2);
  });

  it('decodes UTF-16 with a byte-order mark exactly', async () => {
    expect((await read('utf16le-bom-tabs.txt')).rows).toEqual([
      [2, ['李雷', '+8613800138000']],
      [3, ['Αθηνά', '+306912345678']],
    ]);
  });

  it('refuses Latin-1 text that was not declared, never reading it as mojibake; reads it exactly when declared', async () => {
    const error = await refusal('latin1.csv');
    expect(error.code).toBe('bad_encoding');
    expect(error.message).toMatch(/latin1\.csv is not valid UTF-8 .* name it in "encoding" \(e\.g\. windows-1252\)/);
    expect((await read('latin1.csv', { encoding: 'windows-1252' })).rows).toEqual([
      [2, ['José', 'Málaga']],
      [3, ['François', 'Besançon']],
    ]);
  });

  it('refuses an encoding it does not know', async () => {
    expect((await refusal('latin1.csv', { encoding: 'klingon' })).code).toBe('unknown_encoding');
  });

  it('keeps formula-looking cells as the text they are', async () => {
    expect((await read('formula-looking.csv')).rows).toEqual([
      [2, ['=1+1', '+SUM(A1:A2)']],
      [3, ['-2', '@cmd']],
      [4, ['\tTab', 'ok']],
    ]);
  });

  it('passes phone cells on as written: national, international, garbage, empty', async () => {
    expect((await read('phones.csv')).rows.map(([, cells]) => cells[1])).toEqual(['(555) 010-0199', '+44 20 7946 0958', 'call me maybe', '']);
  });

  it('reads a header alone as a table with no rows', async () => {
    expect(await read('header-only.csv')).toEqual({ columns: ['name', 'phone'], rows: [] });
  });

  it.each([
    ['empty.csv', 'empty_file', /empty\.csv is empty/],
    ['duplicate-headers.csv', 'duplicate_column', /Columns 1 and 3 of duplicate-headers\.csv are both named "Name"/],
    ['huge-field.csv', 'field_too_long', /Row 2, column 2 of huge-field\.csv holds 20000 characters; at most 10000/],
    ['png-renamed.csv', 'not_a_table', /png-renamed\.csv is a PNG image, not a CSV or XLSX table/],
  ])('refuses %s (%s)', async (file, code, message) => {
    const error = await refusal(file);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('refuses more rows or columns than the limits allow, naming the limit', async () => {
    expect((await refusal('google-sheets.csv', { limits: { maxRows: 1 } })).message).toMatch(/more than 1 data rows/);
    expect((await refusal('google-sheets.csv', { limits: { maxColumns: 2 } })).message).toMatch(/has 3 columns; at most 2/);
    expect((await refusal('google-sheets.csv', { limits: { maxHeaderLength: 4 } })).message).toMatch(/column 2 .* 5 characters long; at most 4/);
  });
});

describe('TabularFileReader: XLSX', () => {
  it('reads the first sheet with data, or the one named', async () => {
    expect(await read('several-sheets.xlsx')).toEqual({ columns: ['name', 'phone'], rows: [[2, ['Ada', '15550100']], [3, ['Alan', '15550101']]] });
    expect(await read('several-sheets.xlsx', { sheet: 'Notes' })).toEqual({ columns: ['note'], rows: [[2, ['keep this']]] });
    const error = await refusal('several-sheets.xlsx', { sheet: 'Nope' });
    expect(error.message).toBe('several-sheets.xlsx has no sheet named "Nope"; its sheets are "Empty", "Recipients", "Notes".');
  });

  it('gives dates and times as ISO 8601, in either date system, and leaves other formatted numbers as numbers', async () => {
    expect((await read('dates.xlsx')).rows).toEqual([[2, ['Ada', '2026-01-02', '2026-01-02T13:30:00', '18:00:00', '1.5']]]);
    expect((await read('dates-1904.xlsx')).rows).toEqual([[2, ['2026-01-02']]]);
  });

  it('gives numbers as written, never in exponent form', async () => {
    expect((await read('phones-as-numbers.xlsx')).rows.map(([, cells]) => cells[1])).toEqual(['15551234567', '447700900123', '0.00125']);
  });

  it('finds the shared strings wherever they sit in the zip', async () => {
    expect((await read('shared-strings-after-sheet.xlsx')).rows).toEqual([[2, ['Grace Hopper', '+15550102']]]);
  });

  it('gives formulas as their cached values, errors as written, booleans as TRUE/FALSE', async () => {
    expect((await read('formulas.xlsx')).rows).toEqual([[2, ['Ada', '3', 'Dear Ada', '#DIV/0!', 'TRUE']]]);
  });

  it('skips blank rows, starts at the first row with a value, and reads a merged cell from its first cell', async () => {
    expect(await read('blank-rows-merged.xlsx')).toEqual({
      columns: ['name', 'phone'],
      rows: [
        [3, ['Ada', '15550100']],
        [7, ['Both of us']],
        [8, ['Alan', '15550101']],
      ],
    });
  });

  it("reads a workbook written by another library (SheetJS)", async () => {
    expect(await read('sheetjs-written.xlsx')).toEqual({ columns: ['name', 'phone'], rows: [[2, ['Ada', '+15550100']]] });
  });

  it('refuses a zip bomb from its directory alone, in well under a second', async () => {
    const started = performance.now();
    const error = await refusal('zip-bomb.xlsx');
    expect(error.code).toBe('xlsx_compression_ratio');
    expect(error.message).toMatch(/would unpack xl\/worksheets\/sheet1\.xml to \d+ times its size \(a zip bomb\?\)/);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect((await refusal('zip-bomb.xlsx', { limits: { maxCompressionRatio: 1e9, maxUncompressedBytes: 100 * 1024 * 1024 } })).code).toBe('xlsx_too_large');
  });

  it.each([
    ['encrypted.xlsx', 'encrypted_workbook', /password-protected workbook: save a copy without a password/],
    ['legacy-xls-renamed.xlsx', 'legacy_xls', /legacy Excel 97–2003 \(\.xls\) workbook: save it as \.xlsx or \.csv/],
  ])('refuses %s (%s)', async (file, code, message) => {
    const error = await refusal(file);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});
