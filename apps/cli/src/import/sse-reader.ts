/** One Server-Sent Event as the stream framed it. */
export interface ServerSentEvent {
  event: string;
  data: string;
}

/** The events of a `text/event-stream` body, in order; comments (heartbeats) and `retry:` lines are skipped. */
export async function* serverSentEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    // why: a CR that ends the chunk may be the first half of a CRLF; it waits for the next chunk.
    const held = buffer.endsWith('\r') ? '\r' : '';
    buffer = buffer.slice(0, buffer.length - held.length).replace(/\r\n?/g, '\n');
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = eventOf(block);
      if (event) yield event;
    }
    buffer += held;
  }
}

function eventOf(block: string): ServerSentEvent | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const [field, value = ''] = line.split(/: ?(.*)/s, 2);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length ? { event, data: data.join('\n') } : null;
}
