import { parse } from 'csv-parse/sync';
import { csvField, ERRORS_CSV_HEADER, errorsCsvLine, neutralised } from './errors-csv';

describe('the errors CSV', () => {
  it.each(['=1+2', '+15550100', '-2', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://x","y")'])('neutralises %j with a leading apostrophe', (cell) => {
    expect(neutralised(cell)).toBe(`'${cell}`);
  });

  it.each(['hello', '15550100', ' =1', "'=1", '', 'a=b', 'ok+'])('leaves %j as it is', (cell) => {
    expect(neutralised(cell)).toBe(cell);
  });

  it('quotes a field with a quote, a comma or a line break, after neutralising it', () => {
    expect(csvField('say "hi", then\nbye')).toBe('"say ""hi"", then\nbye"');
    expect(csvField('=1,2')).toBe(`"'=1,2"`);
    expect(csvField(null)).toBe('');
    expect(csvField(-3)).toBe('-3');
  });

  it('round-trips through a CSV parser: every value read back as written, formulas as text', () => {
    const rows = [
      { row: 2, column: 'phone', value: '=cmd|" /C calc"!A0', code: 'invalid_phone', message: 'not a phone number, "really"' },
      { row: 3, column: null, value: null, code: 'missing_variable', message: 'name is\nmissing' },
    ];
    const text = ERRORS_CSV_HEADER + rows.map(errorsCsvLine).join('');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parse(text, { columns: true })).toEqual([
      { row: '2', column: 'phone', value: `'=cmd|" /C calc"!A0`, code: 'invalid_phone', message: 'not a phone number, "really"' },
      { row: '3', column: '', value: '', code: 'missing_variable', message: 'name is\nmissing' },
    ]);
  });
});
