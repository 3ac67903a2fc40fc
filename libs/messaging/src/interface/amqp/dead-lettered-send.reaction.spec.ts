import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { CommandBus, ICommand } from '@nestjs/cqrs';
import { DeadLetter, DeadLetters } from '@app/platform';
import { FailMessageCommand } from '../../application/commands/fail-message/fail-message.command';
import { DeadLetteredSendReaction } from './dead-lettered-send.reaction';
import { MessagingAmqpModule } from './messaging-amqp.module';

const MESSAGE_ID = '0190a000-0000-7000-8000-000000000002';

class RecordingCommandBus {
  readonly executed: ICommand[] = [];

  async execute(command: ICommand): Promise<void> {
    this.executed.push(command);
  }
}

const letter = (payload: unknown): DeadLetter => ({
  queue: 'dispatcher.messaging.send-message',
  messageId: MESSAGE_ID,
  type: 'messaging.send-message',
  payload,
  headers: {},
  correlationId: null,
  error: 'Error: provider down',
  attempts: 6,
});

describe('DeadLetteredSendReaction', () => {
  let bus: RecordingCommandBus;
  let deadLetters: DeadLetters;

  beforeEach(async () => {
    bus = new RecordingCommandBus();
    deadLetters = new DeadLetters({ query: async () => [] } as never);
    const module = await Test.createTestingModule({
      providers: [DeadLetteredSendReaction, { provide: DeadLetters, useValue: deadLetters }, { provide: CommandBus, useValue: bus }],
    }).compile();
    await module.init();
  });

  it('is declared by the messaging Amqp module, beside its consumer', () => {
    expect(Reflect.getMetadata('providers', MessagingAmqpModule)).toContain(DeadLetteredSendReaction);
  });

  it('fails the message of a dead-lettered send once, with the reason', async () => {
    await deadLetters.record(letter({ message_id: MESSAGE_ID }));

    expect(bus.executed).toEqual([new FailMessageCommand(MESSAGE_ID, 'dead-lettered: Error: provider down')]);
  });

  it.each([
    ['no payload', null],
    ['a non-uuid message_id', { message_id: 'not-a-uuid' }],
  ])('leaves alone a dead letter with %s', async (_case, payload) => {
    await deadLetters.record(letter(payload));

    expect(bus.executed).toEqual([]);
  });

  it('reacts only to the send queue', async () => {
    await deadLetters.record({ ...letter({ message_id: MESSAGE_ID }), queue: 'dispatcher.files.remove-file-object' });

    expect(bus.executed).toEqual([]);
  });
});
