import { namesEtag, parseRangeHeader } from './range-header';

describe('parseRangeHeader', () => {
  it.each([
    ['bytes=0-99', { start: 0, end: 99 }],
    ['bytes=100-', { start: 100, end: null }],
    ['bytes=-500', { suffix: 500 }],
    [' bytes=5-5 ', { start: 5, end: 5 }],
  ])('reads %j', (header, range) => {
    expect(parseRangeHeader(header)).toEqual(range);
  });

  it.each([
    ['no header', undefined],
    ['another unit', 'items=0-9'],
    ['several ranges', 'bytes=0-9,20-29'],
    ['an end before the start', 'bytes=10-5'],
    ['no numbers', 'bytes=-'],
    ['letters', 'bytes=a-b'],
    ['a negative start', 'bytes=-5-10'],
  ])('ignores %s', (_case, header) => {
    expect(parseRangeHeader(header)).toBeNull();
  });
});

describe('namesEtag', () => {
  const etag = '"abc"';

  it.each([
    ['"abc"', true],
    ['"x", "abc"', true],
    ['*', true],
    ['"abcd"', false],
    ['W/"abc"', false],
    [undefined, false],
  ])('%j names "abc": %s', (header, expected) => {
    expect(namesEtag(header, etag)).toBe(expected);
  });
});
