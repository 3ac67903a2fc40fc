import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { correlationIdOf } from './correlation-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function requestWith(headers: Record<string, string | string[]> = {}): IncomingMessage {
  const request = new IncomingMessage(new Socket());
  request.headers = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return request;
}

function responseTo(request: IncomingMessage): { response: ServerResponse; setHeader: jest.SpyInstance } {
  const response = new ServerResponse(request);
  return { response, setHeader: jest.spyOn(response, 'setHeader') };
}

describe('correlationIdOf', () => {
  it('uses the X-Request-Id of the caller', () => {
    expect(correlationIdOf(requestWith({ 'X-Request-Id': 'req-42', 'X-Correlation-Id': 'corr-7' }))).toBe('req-42');
  });

  it('falls back to the X-Correlation-Id of the caller', () => {
    expect(correlationIdOf(requestWith({ 'X-Correlation-Id': 'corr-7' }))).toBe('corr-7');
  });

  it('takes the first of repeated headers', () => {
    expect(correlationIdOf(requestWith({ 'X-Request-Id': ['first-id', 'second-id'] }))).toBe('first-id');
  });

  it('accepts the token characters a tracing system uses', () => {
    const id = 'trace:00-4bf92f3577b34da6a3ce929d0e0e4736/00f067aa0ba902b7@svc+a=b_c.d';

    expect(correlationIdOf(requestWith({ 'X-Request-Id': id }))).toBe(id);
  });

  it('generates a UUID when the caller sends none', () => {
    expect(correlationIdOf(requestWith())).toMatch(UUID);
  });

  it.each([
    ['a space', 'two words'],
    ['a newline', 'forged\nX-Admin: yes'],
    ['a trailing newline', 'forged\n'],
    ['129 characters', 'a'.repeat(129)],
    ['an empty value', ''],
    ['quotes and angle brackets', '"><script>'],
  ])('replaces an id with %s by a generated UUID', (_case, offered) => {
    const id = correlationIdOf(requestWith({ 'X-Request-Id': offered }));

    expect(id).toMatch(UUID);
    expect(id).not.toBe(offered);
  });

  it('accepts an id of exactly 128 characters', () => {
    const offered = 'a'.repeat(128);

    expect(correlationIdOf(requestWith({ 'X-Request-Id': offered }))).toBe(offered);
  });

  it('gives one request the same generated id every time', () => {
    const request = requestWith();

    expect(correlationIdOf(request)).toBe(correlationIdOf(request));
  });

  it('gives two requests different generated ids', () => {
    expect(correlationIdOf(requestWith())).not.toBe(correlationIdOf(requestWith()));
  });

  it('echoes the id in both response headers', () => {
    const request = requestWith({ 'X-Request-Id': 'req-42' });
    const { response } = responseTo(request);

    correlationIdOf(request, response);

    expect(response.getHeader('x-request-id')).toBe('req-42');
    expect(response.getHeader('x-correlation-id')).toBe('req-42');
  });

  it('sets the response headers only once', () => {
    const request = requestWith();
    const { response, setHeader } = responseTo(request);

    const first = correlationIdOf(request, response);
    const second = correlationIdOf(request, response);

    expect(second).toBe(first);
    expect(setHeader.mock.calls).toEqual([
      ['X-Request-Id', first],
      ['X-Correlation-Id', first],
    ]);
  });

  it('leaves a response alone once its headers are sent', () => {
    const request = requestWith({ 'X-Request-Id': 'req-42' });
    const { response, setHeader } = responseTo(request);
    Object.defineProperty(response, 'headersSent', { value: true });

    expect(correlationIdOf(request, response)).toBe('req-42');
    expect(setHeader).not.toHaveBeenCalled();
  });

  it('reads a Fastify request through its raw request, sharing the id with it', () => {
    const raw = requestWith();

    const id = correlationIdOf({ raw });

    expect(id).toMatch(UUID);
    expect(correlationIdOf(raw)).toBe(id);
  });

  it('uses the X-Request-Id of a Fastify request', () => {
    expect(correlationIdOf({ raw: requestWith({ 'X-Request-Id': 'req-42' }) })).toBe('req-42');
  });
});
