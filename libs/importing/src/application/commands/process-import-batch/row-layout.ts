import { ImportColumnsRefused } from '../../../domain/import.errors';
import { EngineOptions } from '../../engine-options';
import { ImportField, ImportRow, ImportRowError, RowSchema } from '../../import-type';
import { TableRow } from '../../ports/table-reader';

interface Slot {
  index: number;
  /** The column as the file names it, for row errors. */
  column: string;
  /** As the row schema and the handler know it. */
  name: string;
  field: ImportField | null;
}

/** Where each of the row schema's fields (and each kept column) sits in the file's rows. */
export interface RowLayout {
  slots: readonly Slot[];
}

/** The file's columns laid over the row schema: `ImportColumnsRefused` when a required one is missing, or an unknown one is refused. */
export function rowLayout(columns: readonly string[], schema: RowSchema, { columnMapping, unknownColumns }: EngineOptions): RowLayout {
  const fields = new Map(schema.fields.map((field) => [field.name, field]));
  const named = columns.map((column, index) => ({ index, column, name: columnMapping[column] ?? column }));
  const twice = named.find(({ name }, position) => named.findIndex((other) => other.name === name) !== position);
  if (twice) throw new ImportColumnsRefused('duplicate_column', `Two columns of the file are named ${JSON.stringify(twice.name)} once mapped: map one of them to another name.`);
  const missing = schema.fields.filter(({ name, required }) => required && !named.some((slot) => slot.name === name));
  if (missing.length) {
    const list = missing.map(({ name }) => JSON.stringify(name)).join(', ');
    throw new ImportColumnsRefused('missing_column', `The file has no column ${list}; its columns are ${columns.map((column) => JSON.stringify(column)).join(', ')}.`);
  }
  const unknown = named.filter(({ name }) => !fields.has(name));
  if (unknown.length && unknownColumns === 'reject') {
    const list = unknown.map(({ column }) => JSON.stringify(column)).join(', ');
    throw new ImportColumnsRefused('unknown_columns', `The file has columns this import does not use: ${list}. Remove them, or set unknown_columns to ignore or keep.`);
  }
  const kept = unknownColumns === 'keep' ? unknown : [];
  return { slots: [...named.filter(({ name }) => fields.has(name)).map((slot) => ({ ...slot, field: fields.get(slot.name)! })), ...kept.map((slot) => ({ ...slot, field: null }))] };
}

/** Each row checked against its fields: the rows fit for the handler, and a row error for each cell that is not. */
export function checkRows(rows: readonly TableRow[], { slots }: RowLayout): { ready: ImportRow[]; errors: ImportRowError[] } {
  const ready: ImportRow[] = [];
  const errors: ImportRowError[] = [];
  for (const { row, cells } of rows) {
    const values: Record<string, string> = {};
    const before = errors.length;
    for (const { index, column, name, field } of slots) {
      const value = cells[index] ?? '';
      values[name] = value;
      if (field?.nonBlank && value.trim() === '') errors.push({ row, column, value, code: 'blank_value', message: `The ${column} column is blank.` });
      else if (field?.maxLength !== undefined && value.length > field.maxLength) {
        errors.push({ row, column, value: value.slice(0, 200), code: 'too_long', message: `The ${column} column has ${value.length} characters; at most ${field.maxLength}.` });
      }
    }
    if (errors.length === before) ready.push({ row, values });
  }
  return { ready, errors };
}
