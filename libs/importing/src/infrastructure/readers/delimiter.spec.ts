import { sniffDelimiter } from './delimiter';

describe('sniffDelimiter', () => {
  it.each([
    ['a,b,c\n1,2,3\n', ','],
    ['a;b;c\r\n1,5;2,5;3\r\n', ';'],
    ['a\tb\n1\t2\n', '\t'],
    ['a|b\n1|2\n', '|'],
    ['name\nAda\n', ','],
    ['"x;y",b\n"1;2",3\n', ','],
    ['a;b\n"multi\nline;";c\n', ';'],
  ])('finds the delimiter of %j', (sample, delimiter) => {
    expect(sniffDelimiter(sample)).toBe(delimiter);
  });
});
