import 'reflect-metadata';
import { CommandBus, ICommand } from '@nestjs/cqrs';
import { DeadLetters } from '@app/platform';
import { PATTERN_EXTRAS_METADATA, PATTERN_METADATA } from '@nestjs/microservices/constants';
import { FailMessageCommand } from '../../application/commands/fail-message/fail-message.command';
import { SendMessageCommand } from '../../application/commands/send-message/send-message.command';
import { InvalidSendMessagePayload, SendMessageConsumer } from './send-message.consumer';

class RecordingCommandBus {
  readonly executed: ICommand[] = [];

  async execute(command: ICommand): Promise<void> {
    this.executed.push(command);
  }
}

const MESSAGE_ID = '0190a000-0000-7000-8000-000000000002';

describe('SendMessageConsumer', () => {
  let bus: RecordingCommandBus;
  let consumer: SendMessageConsumer;

  beforeEach(() => {
    bus = new RecordingCommandBus();
    consumer = new SendMessageConsumer(bus as unknown as CommandBus, new DeadLetters({} as never));
  });

  it('listens to messaging.send-message on its own queue', () => {
    const handler = SendMessageConsumer.prototype.sendMessage;

    expect(Reflect.getMetadata(PATTERN_METADATA, handler)).toEqual(['messaging.send-message']);
    expect(Reflect.getMetadata(PATTERN_EXTRAS_METADATA, handler)).toEqual({ queue: 'dispatcher.messaging.send-message' });
  });

  it('fails the message of a dead-lettered send, with the reason', async () => {
    const deadLetters = new DeadLetters({ query: async () => [] } as never);
    const withHook = new SendMessageConsumer(bus as unknown as CommandBus, deadLetters);
    withHook.onModuleInit();
    await deadLetters.record({
      queue: 'dispatcher.messaging.send-message',
      messageId: MESSAGE_ID,
      type: 'messaging.send-message',
      payload: { message_id: MESSAGE_ID },
      headers: {},
      correlationId: null,
      error: 'Error: provider down',
      attempts: 6,
    });
    expect(bus.executed).toEqual([new FailMessageCommand(MESSAGE_ID, 'dead-lettered: Error: provider down')]);
  });

  it('runs SendMessageCommand for the message', async () => {
    await consumer.sendMessage({ message_id: MESSAGE_ID, schema_version: 1 });

    expect(bus.executed).toEqual([new SendMessageCommand(MESSAGE_ID)]);
  });

  it.each([
    ['no payload', null],
    ['no message_id', {}],
    ['a number', { message_id: 42 }],
    ['a non-uuid string', { message_id: 'not-a-uuid' }],
    ['a uuid with SQL after it', { message_id: `${MESSAGE_ID}'; DROP TABLE x; --` }],
  ])('refuses %s with a final domain error and runs nothing', async (_case, payload) => {
    await expect(consumer.sendMessage(payload as never)).rejects.toThrow(InvalidSendMessagePayload);
    expect(bus.executed).toEqual([]);
  });
});
