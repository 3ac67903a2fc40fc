import { resolveRange } from './byte-range';

describe('resolveRange', () => {
  it.each([
    ['the first 100 bytes', { start: 0, end: 99 }, { start: 0, end: 99 }],
    ['from 900 to the end', { start: 900, end: null }, { start: 900, end: 999 }],
    ['an end past the file, cut at its last byte', { start: 990, end: 5000 }, { start: 990, end: 999 }],
    ['the last byte', { start: 999, end: 999 }, { start: 999, end: 999 }],
    ['the last 10 bytes', { suffix: 10 }, { start: 990, end: 999 }],
    ['a suffix longer than the file, the whole file', { suffix: 5000 }, { start: 0, end: 999 }],
  ])('resolves %s of a 1000-byte file', (_case, requested, range) => {
    expect(resolveRange(requested, 1000)).toEqual(range);
  });

  it.each([
    ['a start at the size', { start: 1000, end: null }],
    ['a start past the size', { start: 2000, end: 3000 }],
    ['an empty suffix', { suffix: 0 }],
  ])('finds nothing to send for %s', (_case, requested) => {
    expect(resolveRange(requested, 1000)).toBeNull();
  });
});
