import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { CommandBus, ICommand } from '@nestjs/cqrs';
import { DeadLetter, DeadLetters } from '@app/platform';
import { RequeueMessageCommand } from '../../application/commands/requeue-message/requeue-message.command';
import { MessagingHttpModule } from './messaging-http.module';
import { ReplayedSendReaction } from './replayed-send.reaction';

const MESSAGE_ID = '0190a000-0000-7000-8000-000000000002';
const LETTER_ID = '0190a000-0000-7000-8000-0000000000d1';

class RecordingCommandBus {
  readonly executed: ICommand[] = [];

  async execute(command: ICommand): Promise<void> {
    this.executed.push(command);
  }
}

const letter = (payload: unknown, queue = 'dispatcher.messaging.send-message'): DeadLetter & { id: string } => ({
  id: LETTER_ID,
  queue,
  messageId: MESSAGE_ID,
  type: 'messaging.send-message',
  payload,
  headers: {},
  correlationId: null,
  error: 'Error: provider down',
  attempts: 6,
});

describe('ReplayedSendReaction', () => {
  let bus: RecordingCommandBus;
  let deadLetters: DeadLetters;

  beforeEach(async () => {
    bus = new RecordingCommandBus();
    deadLetters = new DeadLetters({ query: async () => [] } as never);
    const module = await Test.createTestingModule({
      providers: [ReplayedSendReaction, { provide: DeadLetters, useValue: deadLetters }, { provide: CommandBus, useValue: bus }],
    }).compile();
    await module.init();
  });

  it('is declared by the messaging Http module, where the replay route runs', () => {
    expect(Reflect.getMetadata('providers', MessagingHttpModule)).toContain(ReplayedSendReaction);
  });

  it('queues the message of a replayed send again, saying which dead letter', async () => {
    await deadLetters.replayed(letter({ message_id: MESSAGE_ID.toUpperCase() }));

    expect(bus.executed).toEqual([new RequeueMessageCommand(MESSAGE_ID, `replayed from dead letter ${LETTER_ID}`)]);
  });

  it.each([
    ['no payload', null],
    ['a non-uuid message_id', { message_id: 'not-a-uuid' }],
  ])('leaves alone a replay with %s', async (_case, payload) => {
    await deadLetters.replayed(letter(payload));

    expect(bus.executed).toEqual([]);
  });

  it('reacts only to the send queue', async () => {
    await deadLetters.replayed(letter({ message_id: MESSAGE_ID }, 'dispatcher.files.remove-file-object'));

    expect(bus.executed).toEqual([]);
  });
});
