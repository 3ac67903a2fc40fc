import { columnOf, isDateFormat, plainNumber, serialToIso } from './cell-values';

describe('cell values', () => {
  it.each([
    ['1.5551234567E10', '15551234567'],
    ['1.5551234567E+10', '15551234567'],
    ['4.4E11', '440000000000'],
    ['-2.5E2', '-250'],
    ['1.25E-3', '0.00125'],
    ['1E0', '1'],
    ['15551234567', '15551234567'],
    ['0.1', '0.1'],
  ])('writes %s as %s', (text, plain) => {
    expect(plainNumber(text)).toBe(plain);
  });

  it.each([
    [14, undefined, true],
    [22, undefined, true],
    [0, undefined, false],
    [164, 'dd/mm/yyyy\\ hh:mm', true],
    [165, '0.00" days"', false],
    [166, '[Red]0.00', false],
    [167, '[h]:mm', true],
    [168, '#,##0', false],
  ])('format %s %s is a date: %s', (id, code, date) => {
    expect(isDateFormat(id, code)).toBe(date);
  });

  it('turns serials into dates, times and both', () => {
    expect(serialToIso(1, false)).toBe('1899-12-31');
    expect(serialToIso(45658, false)).toBe('2025-01-01');
    expect(serialToIso(0.5, false)).toBe('12:00:00');
    expect(serialToIso(45658.25, false)).toBe('2025-01-01T06:00:00');
    expect(serialToIso(0, true)).toBe('1904-01-01');
  });

  it('reads column letters', () => {
    expect(['A1', 'Z9', 'AA10', 'XFD1048576'].map(columnOf)).toEqual([0, 25, 26, 16383]);
  });
});
