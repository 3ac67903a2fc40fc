import 'reflect-metadata';
import { DeadLetters } from '@app/platform';
import { RequeueMessageCommand } from '../../application/commands/requeue-message/requeue-message.command';
import { DEAD_MESSAGE_ID as MESSAGE_ID, RecordingCommandBus, aSendDeadLetter, reactionOn } from '../../testing/dead-letter-reactions';
import { MessagingHttpModule } from './messaging-http.module';
import { ReplayedSendReaction } from './replayed-send.reaction';

const LETTER_ID = '0190a000-0000-7000-8000-0000000000d1';
const letter = (payload: unknown, queue?: string) => ({ ...aSendDeadLetter(payload, queue), id: LETTER_ID });

describe('ReplayedSendReaction', () => {
  let bus: RecordingCommandBus;
  let deadLetters: DeadLetters;

  beforeEach(async () => {
    ({ bus, deadLetters } = await reactionOn(ReplayedSendReaction));
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
