import { ImportFileRefused } from '../../domain/import-file.errors';
import { TableLimits } from '../../domain/table-limits';

/**
 * The column names of a header row, checked: trailing blank names are dropped (spreadsheets export empty columns),
 * any other blank name, a duplicate (ignoring case and surrounding spaces), a name too long, or too many columns
 * refuse the file, naming the column.
 */
export function columnsOf(header: readonly string[], limits: TableLimits, fileName: string): string[] {
  const names = header.map((name) => name.trim());
  while (names.length && names[names.length - 1] === '') names.pop();
  if (names.length === 0) throw new ImportFileRefused('no_header', `${fileName} has no header row: its first row must name the columns.`);
  if (names.length > limits.maxColumns) {
    throw new ImportFileRefused('too_many_columns', `${fileName} has ${names.length} columns; at most ${limits.maxColumns} are allowed.`);
  }
  const seen = new Map<string, number>();
  names.forEach((name, index) => {
    const column = index + 1;
    if (name === '') throw new ImportFileRefused('blank_column_name', `Column ${column} of ${fileName} has no name in the header row.`);
    if (name.length > limits.maxHeaderLength) {
      throw new ImportFileRefused('header_too_long', `The name of column ${column} of ${fileName} is ${name.length} characters long; at most ${limits.maxHeaderLength} are allowed.`);
    }
    const key = name.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) throw new ImportFileRefused('duplicate_column', `Columns ${earlier} and ${column} of ${fileName} are both named "${name}": rename one.`);
    seen.set(key, column);
  });
  return names;
}

/** Counts data rows and checks cell lengths as they stream by. */
export function rowGuard(limits: TableLimits, fileName: string) {
  let rows = 0;
  return (row: number, cells: readonly string[]) => {
    rows += 1;
    if (rows > limits.maxRows) throw new ImportFileRefused('too_many_rows', `${fileName} has more than ${limits.maxRows} data rows, the most one import takes: split it.`);
    const long = cells.findIndex((cell) => cell.length > limits.maxFieldLength);
    if (long >= 0) {
      throw new ImportFileRefused('field_too_long', `Row ${row}, column ${long + 1} of ${fileName} holds ${cells[long].length} characters; at most ${limits.maxFieldLength} are allowed in one cell.`);
    }
  };
}
