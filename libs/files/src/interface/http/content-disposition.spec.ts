import { contentDisposition } from './content-disposition';

describe('contentDisposition', () => {
  it.each([
    ['list.csv', `attachment; filename="list.csv"; filename*=UTF-8''list.csv`],
    ['my list (2).csv', `attachment; filename="my list (2).csv"; filename*=UTF-8''my%20list%20%282%29.csv`],
    ['Zürich ✓.csv', `attachment; filename="Z_rich _.csv"; filename*=UTF-8''Z%C3%BCrich%20%E2%9C%93.csv`],
    ['say "hi"\\.txt', `attachment; filename="say _hi__.txt"; filename*=UTF-8''say%20%22hi%22%5C.txt`],
    ["it's 100%.txt", `attachment; filename="it's 100_.txt"; filename*=UTF-8''it%27s%20100%25.txt`],
  ])('names %j safely', (name, header) => {
    expect(contentDisposition(name)).toBe(header);
  });
});
