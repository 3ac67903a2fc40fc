import type { MessageHandler } from '@nestjs/microservices';
import { bindingsOf } from './consumer-bindings';

const handler = (extras: object | undefined) => Object.assign(async () => undefined, { extras }) as unknown as MessageHandler;

describe('bindingsOf', () => {
  it('reads the queue, the kind from the pattern, and the batch size of batch consumers', () => {
    const bindings = bindingsOf(
      new Map([
        ['messaging.send-message', handler({ queue: 'dispatcher.messaging.send-message', batch: 100 })],
        ['messaging.message.sent.v1', handler({ queue: 'dispatcher.messaging.on-message-sent' })],
      ]),
    );

    expect(bindings).toEqual([
      { queue: 'dispatcher.messaging.send-message', routingKey: 'messaging.send-message', kind: 'command', batch: 100 },
      { queue: 'dispatcher.messaging.on-message-sent', routingKey: 'messaging.message.sent.v1', kind: 'event' },
    ]);
  });

  it('refuses a consumer that names no queue', () => {
    expect(() => bindingsOf(new Map([['a.b', handler(undefined)]]))).toThrow("The consumer of a.b names no queue: use @EventPattern('a.b', { queue: 'dispatcher.…' })");
  });

  it.each([0, -1, 1.5, '10'])('refuses a batch size of %p', (batch) => {
    expect(() => bindingsOf(new Map([['a.b', handler({ queue: 'q', batch })]]))).toThrow(`The consumer of a.b asks for batches of ${batch}: use a whole number above 0`);
  });

  it('marks a phased batch consumer, and refuses one phased without batches', () => {
    expect(bindingsOf(new Map([['a.b', handler({ queue: 'q', batch: 10, phased: true })]]))).toEqual([{ queue: 'q', routingKey: 'a.b', kind: 'command', batch: 10, phased: true }]);
    expect(() => bindingsOf(new Map([['a.b', handler({ queue: 'q', phased: true })]]))).toThrow('The consumer of a.b is phased without batches: add batch: n');
  });
});
