import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { FileStorage } from '../application/ports/file-storage';

export interface StorageUnderTest {
  storage: FileStorage;
  /** Everything the store holds, objects and leftovers of uploads alike, as paths or keys. */
  contents(): Promise<string[]>;
}

const MiB = 2 ** 20;

/** `size` bytes of a repeatable pattern, produced chunk by chunk; fails with `error` after `failAfter` bytes when asked. */
export function patternStream(size: number, { chunk = 64 * 1024, failAfter, error = new Error('the client went away') }: { chunk?: number; failAfter?: number; error?: Error } = {}) {
  const hash = createHash('sha256');
  let sent = 0;
  const stream = new Readable({
    read() {
      if (failAfter !== undefined && sent >= failAfter) return this.destroy(error);
      if (sent >= size) return this.push(null);
      const bytes = Buffer.alloc(Math.min(chunk, size - sent), `${sent % 251},`);
      hash.update(bytes);
      sent += bytes.length;
      this.push(bytes);
    },
  });
  return { stream, sha256: () => hash.digest('hex') };
}

export async function digest(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

/** What every FileStorage adapter must do, run against each of them on a real store. */
export function fileStorageContract(setUp: () => Promise<StorageUnderTest>): void {
  let store: StorageUnderTest;
  const key = () => `${randomUUID()}/${randomUUID()}`;
  const putText = (k: string, content: string) => store.storage.put(k, Readable.from([Buffer.from(content)]));

  beforeAll(async () => {
    store = await setUp();
    await store.storage.check();
  });

  it('answers check() when it can work', async () => {
    await expect(store.storage.check()).resolves.toBeUndefined();
  });

  it('gives back the bytes it was given', async () => {
    const k = key();

    await putText(k, 'phone,name\n+15550100,Ada\n');

    await expect(text(await store.storage.get(k))).resolves.toBe('phone,name\n+15550100,Ada\n');
    await expect(store.storage.exists(k)).resolves.toBe(true);
  });

  it('streams a file of several parts in and out unchanged', async () => {
    const k = key();
    const upload = patternStream(12 * MiB + 12_345);

    await store.storage.put(k, upload.stream);

    await expect(digest(await store.storage.get(k))).resolves.toEqual({ sha256: upload.sha256(), size: 12 * MiB + 12_345 });
  });

  it('gives back a range, both ends included, across a part boundary', async () => {
    const k = key();
    const upload = patternStream(6 * MiB, { chunk: 1000 });
    await store.storage.put(k, upload.stream);
    const whole = await text(await store.storage.get(k));

    const range = await text(await store.storage.get(k, { start: 5 * MiB - 3, end: 5 * MiB + 4 }));

    expect(range).toBe(whole.slice(5 * MiB - 3, 5 * MiB + 5));
    expect(range).toHaveLength(8);
    await expect(text(await store.storage.get(k, { start: 6 * MiB - 1, end: 6 * MiB - 1 }))).resolves.toBe(whole.slice(-1));
  });

  it.each([
    ['before the first part is full', 1 * MiB],
    ['after some parts went up', 11 * MiB],
  ])('leaves nothing behind when the content fails %s, rejecting with its error', async (_case, failAfter) => {
    const before = await store.contents();
    const k = key();
    const upload = patternStream(20 * MiB, { failAfter });

    await expect(store.storage.put(k, upload.stream)).rejects.toThrow('the client went away');

    await expect(store.storage.exists(k)).resolves.toBe(false);
    expect((await store.contents()).sort()).toEqual(before.sort());
  });

  it('removes what it stored, and removing again or removing nothing is no error', async () => {
    const k = key();
    await putText(k, 'bye');
    const before = await store.contents();

    await store.storage.delete(k);
    await store.storage.delete(k);
    await store.storage.delete(key());

    await expect(store.storage.exists(k)).resolves.toBe(false);
    expect(await store.contents()).toEqual(before.filter((entry) => !entry.includes(k)));
  });

  it('keeps files under different keys apart', async () => {
    const [a, b] = [key(), key()];
    await putText(a, 'first');
    await putText(b, 'second');

    await store.storage.delete(a);

    await expect(text(await store.storage.get(b))).resolves.toBe('second');
  });
}
