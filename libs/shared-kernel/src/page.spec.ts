import { Page, keysetPage } from './page';

describe('keysetPage', () => {
  const ids = ['e', 'd', 'c', 'b', 'a'];
  const after = (cursor: string | null) => (take: number) => Promise.resolve(ids.filter((id) => cursor === null || id < cursor).slice(0, take));

  it('asks for one more than the limit and gives the last item of a full page as the cursor', async () => {
    const asked: number[] = [];
    const page = await keysetPage(2, (id: string) => id, (take) => (asked.push(take), after(null)(take)));

    expect(asked).toEqual([3]);
    expect(page).toEqual({ items: ['e', 'd'], next_cursor: 'd' });
  });

  it('walks the whole list without overlap, with no cursor on the last page', async () => {
    const pages: Page<string>[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<string> = await keysetPage(2, (id: string) => id, after(cursor));
      pages.push(page);
      cursor = page.next_cursor;
    } while (cursor !== null);

    expect(pages).toEqual([
      { items: ['e', 'd'], next_cursor: 'd' },
      { items: ['c', 'b'], next_cursor: 'b' },
      { items: ['a'], next_cursor: null },
    ]);
  });

  it('gives no cursor when the list ends exactly at the limit, nor for an empty list', async () => {
    await expect(keysetPage(5, (id: string) => id, after(null))).resolves.toEqual({ items: ids, next_cursor: null });
    await expect(keysetPage(5, (id: string) => id, after('a'))).resolves.toEqual({ items: [], next_cursor: null });
  });

  it('takes the cursor from the item as fetched, by the key it is given', async () => {
    const rows = [{ message_id: 'm-3' }, { message_id: 'm-2' }];

    await expect(keysetPage(1, (row) => row.message_id, async () => rows)).resolves.toEqual({ items: [rows[0]], next_cursor: 'm-3' });
  });
});
