import { serverSentEvents } from './sse-reader';

async function collect(chunks: string[]) {
  async function* body() {
    for (const chunk of chunks) yield new TextEncoder().encode(chunk);
  }
  const events = [];
  for await (const event of serverSentEvents(body())) events.push(event);
  return events;
}

describe('serverSentEvents', () => {
  it('frames events split anywhere across chunks, skips comments and retry lines, joins multi-line data', async () => {
    const stream = 'retry: 1000\n\nevent: progress\nid: 1\ndata: {"n":1}\n\n: heartbeat\n\ndata: a\ndata: b\n\r\nevent: end\ndata: {"n":2}\n\n';
    const expected = [
      { event: 'progress', data: '{"n":1}' },
      { event: 'message', data: 'a\nb' },
      { event: 'end', data: '{"n":2}' },
    ];
    for (const size of [1, 2, 3, 7, stream.length]) {
      await expect(collect(stream.match(new RegExp(`.{1,${size}}`, 'gs'))!)).resolves.toEqual(expected);
    }
    await expect(collect([stream.replace(/\n/g, '\r\n')])).resolves.toEqual(expected);
  });

  it('drops an event the stream cut off before its blank line', async () => {
    await expect(collect(['event: end\ndata: {"n":'])).resolves.toEqual([]);
  });
});
