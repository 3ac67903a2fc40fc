import Fastify, { FastifyInstance } from 'fastify';
import { streamServerSentEvents, WatchedState } from './server-sent-events';

interface Frame {
  event?: string;
  data?: unknown;
  comment?: string;
}

function framesOf(text: string): Frame[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() && !block.startsWith('retry:'))
    .map((block) => {
      if (block.startsWith(':')) return { comment: block.slice(1).trim() };
      const line = (name: string) => block.split('\n').find((entry) => entry.startsWith(`${name}: `))?.slice(name.length + 2);
      return { event: line('event'), data: JSON.parse(line('data')!) };
    });
}

describe('streamServerSentEvents', () => {
  let server: FastifyInstance;
  let base: string;
  let state: WatchedState<{ n: number }>;
  let reads = 0;

  beforeAll(async () => {
    server = Fastify();
    server.get('/events', (_request, reply) => streamServerSentEvents(reply, state, { pollMs: 10, heartbeatMs: 30, event: 'progress' }));
    base = await server.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(() => server.close());

  beforeEach(() => {
    reads = 0;
  });

  it('sends each changed state once, heartbeats while quiet, and ends with the final state', async () => {
    const script = [1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3];
    state = { read: async () => ({ n: script[Math.min(reads++, script.length - 1)] }), isFinal: ({ n }) => n === 3 };
    const response = await fetch(`${base}/events`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    const frames = framesOf(await response.text());
    expect(frames.filter((frame) => !frame.comment)).toEqual([
      { event: 'progress', data: { n: 1 } },
      { event: 'progress', data: { n: 2 } },
      { event: 'end', data: { n: 3 } },
    ]);
    expect(frames.some((frame) => frame.comment?.startsWith('heartbeat'))).toBe(true);
  });

  it('stops reading once the client goes away', async () => {
    state = { read: async () => ({ n: reads++ }), isFinal: () => false };
    const controller = new AbortController();
    const response = await fetch(`${base}/events`, { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = reads;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reads).toBeLessThanOrEqual(after + 1);
  });

  it('ends with an error event, without the internal reason, when a read fails', async () => {
    state = { read: () => Promise.reject(new Error('relation "secret" does not exist')), isFinal: () => false };
    const text = await (await fetch(`${base}/events`)).text();
    expect(framesOf(text)).toEqual([{ event: 'error', data: { detail: expect.stringMatching(/could not be read/) } }]);
    expect(text).not.toMatch(/secret/);
  });
});
