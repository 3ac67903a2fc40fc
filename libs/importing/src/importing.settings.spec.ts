import { ImportingSettings } from './importing.settings';

describe('ImportingSettings', () => {
  it('batches 2000 rows unless told otherwise', () => {
    expect(new ImportingSettings({}).batchRows).toBe(2_000);
    expect(new ImportingSettings({ IMPORT_BATCH_ROWS: '5000' }).batchRows).toBe(5_000);
  });

  it.each(['0', '50001', 'many'])('refuses IMPORT_BATCH_ROWS=%s, naming it', (raw) => {
    expect(() => new ImportingSettings({ IMPORT_BATCH_ROWS: raw })).toThrow(/IMPORT_BATCH_ROWS/);
  });
});
