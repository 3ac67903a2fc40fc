import { ImportColumnsRefused } from '../../../domain/import.errors';
import { EngineOptions } from '../../engine-options';
import { RowSchema } from '../../import-type';
import { checkRows, rowLayout } from './row-layout';

const SCHEMA: RowSchema = { fields: [{ name: 'phone', required: true, nonBlank: true }, { name: 'name', required: false, maxLength: 5 }] };
const options = (fields: Partial<EngineOptions> = {}): EngineOptions => ({ unknownColumns: 'ignore', columnMapping: {}, encoding: null, sheet: null, ...fields });
const ROWS = [
  { row: 2, cells: ['+15550001', 'Ann', 'Paris'] },
  { row: 3, cells: [' ', 'Bob', 'Rome'] },
  { row: 4, cells: ['+15550003', 'Eleanor', 'Oslo'] },
  { row: 5, cells: ['+15550004'] },
];

describe('rowLayout and checkRows', () => {
  it('drops unknown columns under ignore, and explains each cell that breaks the row schema', () => {
    const { ready, errors } = checkRows(ROWS, rowLayout(['phone', 'name', 'city'], SCHEMA, options()));

    expect(ready).toEqual([
      { row: 2, values: { phone: '+15550001', name: 'Ann' } },
      { row: 5, values: { phone: '+15550004', name: '' } },
    ]);
    expect(errors).toEqual([
      { row: 3, column: 'phone', value: ' ', code: 'blank_value', message: 'The phone column is blank.' },
      { row: 4, column: 'name', value: 'Eleanor', code: 'too_long', message: 'The name column has 7 characters; at most 5.' },
    ]);
  });

  it('hands kept columns to the type with the row', () => {
    const { ready } = checkRows(ROWS.slice(0, 1), rowLayout(['phone', 'name', 'city'], SCHEMA, options({ unknownColumns: 'keep' })));

    expect(ready).toEqual([{ row: 2, values: { phone: '+15550001', name: 'Ann', city: 'Paris' } }]);
  });

  it('refuses a file with unknown columns under reject, naming them', () => {
    expect(() => rowLayout(['phone', 'name', 'city', 'zip'], SCHEMA, options({ unknownColumns: 'reject' }))).toThrow(
      new ImportColumnsRefused('unknown_columns', 'The file has columns this import does not use: "city", "zip". Remove them, or set unknown_columns to ignore or keep.'),
    );
    expect(() => rowLayout(['phone', 'name'], SCHEMA, options({ unknownColumns: 'reject' }))).not.toThrow();
  });

  it('maps file columns to the names the schema knows, and names a required column the file lacks', () => {
    const layout = rowLayout(['Mobile', 'name'], SCHEMA, options({ columnMapping: { Mobile: 'phone' } }));
    expect(checkRows(ROWS.slice(1, 2), layout).errors).toEqual([{ row: 3, column: 'Mobile', value: ' ', code: 'blank_value', message: 'The Mobile column is blank.' }]);

    expect(() => rowLayout(['Mobile', 'name'], SCHEMA, options())).toThrow(/^The file has no column "phone"; its columns are "Mobile", "name"\.$/);
    expect(() => rowLayout(['Mobile', 'phone'], SCHEMA, options({ columnMapping: { Mobile: 'phone' } }))).toThrow(/Two columns of the file are named "phone" once mapped/);
  });
});
