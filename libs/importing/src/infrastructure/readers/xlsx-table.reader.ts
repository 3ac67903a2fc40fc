import { Readable } from 'node:stream';
import { Table, TableRow, TableSource } from '../../application/ports/table-reader';
import { ImportFileRefused } from '../../domain/import-file.errors';
import { columnsOf, rowGuard } from './header';
import { sheetRows } from './xlsx/xlsx-sheet';
import { readWorkbook, SheetRef, WorkbookParts } from './xlsx/xlsx-workbook';
import { ZipArchive } from './xlsx/zip-archive';

/**
 * An XLSX file as a table: the sheet named, or else the first one with data; its first row with a value is the
 * header. Streams the sheet with a SAX parser (the shared strings are read first, wherever they sit in the zip), so
 * memory grows with the shared strings, not with the rows.
 */
export async function readXlsx(source: TableSource, content: Readable): Promise<Table> {
  const { fileName, limits } = source;
  const zip = await ZipArchive.open(content, fileName, limits);
  try {
    const workbook = await readWorkbook(zip, fileName);
    const sheet = await chooseSheet(zip, workbook, source);
    const rows = sheetRows((await zip.read(sheet.path))!, workbook, fileName, limits.maxColumns);
    const first = await rows.next();
    if (first.done) throw new ImportFileRefused('no_header', `Sheet "${sheet.name}" of ${fileName} is empty: its first row must name the columns.`);
    const columns = columnsOf(first.value.cells, limits, fileName);
    const guard = rowGuard(limits, fileName);
    async function* data(): AsyncGenerator<TableRow> {
      try {
        for await (const row of rows) {
          guard(row.row, row.cells);
          yield row;
        }
      } finally {
        await zip.close();
      }
    }
    return { columns, rows: data() };
  } catch (error) {
    await zip.close();
    throw error;
  }
}

async function chooseSheet(zip: ZipArchive, workbook: WorkbookParts, source: TableSource): Promise<SheetRef> {
  const present = workbook.sheets.filter((sheet) => zip.has(sheet.path));
  if (source.sheet) {
    const named = present.find((sheet) => sheet.name === source.sheet);
    if (!named) {
      throw new ImportFileRefused('no_such_sheet', `${source.fileName} has no sheet named "${source.sheet}"; its sheets are ${present.map((sheet) => `"${sheet.name}"`).join(', ')}.`);
    }
    return named;
  }
  for (const sheet of present) {
    const rows = sheetRows((await zip.read(sheet.path))!, workbook, source.fileName, source.limits.maxColumns);
    const first = await rows.next();
    await rows.return(undefined);
    if (!first.done) return sheet;
  }
  throw new ImportFileRefused('no_header', `${source.fileName} has no sheet with data.`);
}
