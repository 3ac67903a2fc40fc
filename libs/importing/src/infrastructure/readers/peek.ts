import { Readable } from 'node:stream';

/**
 * The first chunks of a stream, at least `min` long together (less only when the stream is shorter), and a stream
 * that still yields everything, those chunks first: a look at a file's start without reading it twice.
 */
export async function splitHead<T extends Buffer | string>(stream: Readable, min: number): Promise<{ head: T[]; all: Readable }> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<T>;
  const head: T[] = [];
  let length = 0;
  let done = false;
  while (length < min) {
    const item = await iterator.next();
    if (item.done) {
      done = true;
      break;
    }
    head.push(item.value);
    length += item.value.length;
  }
  async function* all() {
    yield* head;
    if (done) return;
    for (let item = await iterator.next(); !item.done; item = await iterator.next()) yield item.value;
  }
  return { head, all: Readable.from(all(), { objectMode: typeof head[0] === 'string' }) };
}
