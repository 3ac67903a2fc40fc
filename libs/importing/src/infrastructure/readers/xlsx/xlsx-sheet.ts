import { Readable } from 'node:stream';
import { ImportFileRefused } from '../../../domain/import-file.errors';
import { columnOf, plainNumber, serialToIso } from './cell-values';
import { WorkbookParts } from './xlsx-workbook';
import { xmlEvents } from './xml-events';

export interface SheetRow {
  row: number;
  cells: string[];
}

interface Cell {
  column: number;
  type: string;
  style: number;
  value: string;
}

/**
 * The rows of a worksheet part that hold anything, streamed as text cells: shared strings looked up, formulas as
 * their cached values, booleans as TRUE/FALSE, errors as written (`#N/A`), dates as ISO 8601, numbers as written.
 * Trailing empty cells are left out; a cell beyond `maxColumns` that holds a value refuses the file.
 */
export function sheetRows(part: Readable, workbook: WorkbookParts, fileName: string, maxColumns: number): AsyncGenerator<SheetRow> {
  const ready: SheetRow[] = [];
  let rowNumber = 0;
  let cells: string[] = [];
  let cell: Cell | null = null;
  let nextColumn = 0;
  let capture: 'v' | 't' | null = null;
  let phonetic = 0;

  const finishCell = (done: Cell) => {
    const text = valueOf(done, workbook);
    if (text === '') return;
    if (done.column >= maxColumns) {
      throw new ImportFileRefused('too_many_columns', `Row ${rowNumber} of ${fileName} has a value in column ${done.column + 1}; at most ${maxColumns} columns are allowed.`);
    }
    while (cells.length < done.column) cells.push('');
    cells[done.column] = text;
  };

  return xmlEvents<SheetRow>(
    part,
    {
      open(name, attributes) {
        if (name === 'row') {
          rowNumber = attributes.r ? Number(attributes.r) : rowNumber + 1;
          cells = [];
          nextColumn = 0;
        } else if (name === 'c') {
          const column = attributes.r ? columnOf(attributes.r) : nextColumn;
          nextColumn = column + 1;
          cell = { column, type: attributes.t ?? 'n', style: Number(attributes.s ?? 0), value: '' };
        } else if (cell && (name === 'v' || (name === 't' && phonetic === 0))) capture = name;
        else if (name === 'rPh') phonetic += 1;
      },
      text(text) {
        if (cell && capture) cell.value += text;
      },
      close(name) {
        if (name === 'v' || name === 't') capture = null;
        else if (name === 'rPh') phonetic -= 1;
        else if (name === 'c' && cell) {
          finishCell(cell);
          cell = null;
        } else if (name === 'row' && cells.length) ready.push({ row: rowNumber, cells });
      },
    },
    () => ready.splice(0),
  );
}

function valueOf(cell: Cell, workbook: WorkbookParts): string {
  switch (cell.type) {
    case 's':
      return workbook.sharedStrings[Number(cell.value)] ?? '';
    case 'b':
      return cell.value === '1' || cell.value === 'true' ? 'TRUE' : cell.value === '' ? '' : 'FALSE';
    case 'str':
    case 'inlineStr':
    case 'e':
    case 'd':
      return cell.value;
    default:
      if (cell.value === '') return '';
      return workbook.dateStyles.has(cell.style) ? serialToIso(Number(cell.value), workbook.date1904) : plainNumber(cell.value);
  }
}
