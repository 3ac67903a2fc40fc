import type { FastifyReply } from 'fastify';

/** What a stream of Server-Sent Events watches: a state read cheaply and often, and when it is final. */
export interface WatchedState<T> {
  /** Reads the current state (one cheap query). */
  read(): Promise<T>;
  /** True once the state will not change any more: the stream sends it as its last event and ends. */
  isFinal(state: T): boolean;
}

export interface ServerSentEventsOptions {
  /** How often the state is read. */
  pollMs: number;
  /** A comment line after this long without an event, so proxies and clients see the stream alive. */
  heartbeatMs: number;
  /** The name of the events that carry a changed state; the last one is named `end`. */
  event: string;
}

const HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  // why: nginx (and ingress-nginx) buffer responses unless told not to, which would hold the events back.
  'x-accel-buffering': 'no',
};

/** One event in the `text/event-stream` framing: a JSON `data` line (JSON has no raw line breaks). */
export function sseEvent(event: string, id: number, data: unknown): string {
  return `event: ${event}\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Streams `state` as Server-Sent Events on a hijacked Fastify reply: an event each time it changes, a heartbeat
 * comment when quiet, an `end` event with the final state, then the end of the response. A client that goes away
 * stops the polling at once; a failed read ends the stream with an `error` event.
 */
export async function streamServerSentEvents<T>(reply: FastifyReply, state: WatchedState<T>, options: ServerSentEventsOptions): Promise<void> {
  reply.hijack();
  const raw = reply.raw;
  let open = true;
  let wake: () => void = () => undefined;
  raw.on('close', () => {
    open = false;
    wake();
  });
  raw.writeHead(200, HEADERS);
  raw.write(`retry: ${Math.max(1000, options.pollMs)}\n\n`);
  let last: string | null = null;
  let id = 0;
  let lastWrite = Date.now();
  try {
    while (open) {
      const current = await state.read();
      const json = JSON.stringify(current);
      const final = state.isFinal(current);
      if (final || json !== last) {
        raw.write(sseEvent(final ? 'end' : options.event, ++id, current));
        last = json;
        lastWrite = Date.now();
      } else if (Date.now() - lastWrite >= options.heartbeatMs) {
        raw.write(`: heartbeat ${new Date().toISOString()}\n\n`);
        lastWrite = Date.now();
      }
      if (final) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } catch {
    // why: the reason (a database error) is not the client's to read; reconnecting resumes from the current state.
    if (open) raw.write(sseEvent('error', ++id, { detail: 'The progress could not be read; reconnect to follow it again.' }));
  } finally {
    if (open) raw.end();
  }
}
