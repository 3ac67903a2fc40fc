/** One page of a list, newest first; `next_cursor` is what the next page's `cursor` takes, null on the last page. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/**
 * A page of a keyset-paginated list: `fetch` reads up to `take` items after the cursor, in list order; one more
 * than the limit is asked for, so that a page says whether another follows without counting. The cursor of a
 * page is the key (`cursorOf`) of its last item.
 */
export async function keysetPage<T>(limit: number, cursorOf: (item: T) => string, fetch: (take: number) => Promise<T[]>): Promise<Page<T>> {
  const rows = await fetch(limit + 1);
  const items = rows.slice(0, limit);
  return { items, next_cursor: rows.length > limit ? cursorOf(items[items.length - 1]) : null };
}
