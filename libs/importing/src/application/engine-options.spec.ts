import { InvalidImportConfig } from '../domain/import.errors';
import { engineOptionsOf } from './engine-options';

describe('engineOptionsOf', () => {
  it('defaults to ignoring unknown columns, mapping none', () => {
    expect(engineOptionsOf('messages', {})).toEqual({ unknownColumns: 'ignore', columnMapping: {}, encoding: null, sheet: null });
  });

  it('reads the engine keys of a config', () => {
    const config = { unknown_columns: 'keep', column_mapping: { Mobile: 'phone' }, encoding: 'latin1', sheet: 'Contacts', text: 'for the type' };
    expect(engineOptionsOf('messages', config)).toEqual({ unknownColumns: 'keep', columnMapping: { Mobile: 'phone' }, encoding: 'latin1', sheet: 'Contacts' });
  });

  it('names every malformed engine key', () => {
    const bad = () => engineOptionsOf('messages', { unknown_columns: 'drop', column_mapping: ['phone'], sheet: '' });
    expect(bad).toThrow(InvalidImportConfig);
    expect(bad).toThrow(
      'The config of a messages import is invalid: unknown_columns: must be one of ignore, reject, keep; column_mapping: must map file column names to non-blank names, e.g. {"Mobile": "phone"}; sheet: must be a non-blank string when given.',
    );
  });
});
