import { FileName, MAX_FILE_NAME_LENGTH } from './file-name.vo';

describe('FileName', () => {
  it.each([
    ['recipients.csv', 'recipients.csv'],
    ['  spaced out.xlsx  ', 'spaced out.xlsx'],
    ['Ünïcödé ✓.csv', 'Ünïcödé ✓.csv'],
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\system32\\config', 'config'],
    ['/absolute/path/report.pdf', 'report.pdf'],
    ['C:\\Users\\ada\\list.csv', 'list.csv'],
    ['line\nbreak\r.csv', 'linebreak.csv'],
    ['nul\u0000byte.csv', 'nulbyte.csv'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['zero\u200Bwidth.txt', 'zerowidth.txt'],
    ['..', 'file'],
    ['.', 'file'],
    ['dir/', 'file'],
    ['', 'file'],
    [null, 'file'],
    [undefined, 'file'],
  ])('keeps %j as %j', (raw, expected) => {
    expect(FileName.of(raw).value).toBe(expected);
  });

  it('composes decomposed characters (NFC)', () => {
    expect(FileName.of('e\u0301te\u0301.csv').value).toBe('\u00e9t\u00e9.csv');
  });

  it(`cuts a name at ${MAX_FILE_NAME_LENGTH} characters, not in the middle of one`, () => {
    expect(FileName.of(`${'😀'.repeat(300)}.csv`).value).toBe('😀'.repeat(MAX_FILE_NAME_LENGTH));
  });
});
