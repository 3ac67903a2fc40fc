import 'reflect-metadata';
import { DeadLetters } from '@app/platform';
import { FailMessageCommand } from '../../application/commands/fail-message/fail-message.command';
import { DEAD_MESSAGE_ID as MESSAGE_ID, RecordingCommandBus, aSendDeadLetter as letter, reactionOn } from '../../testing/dead-letter-reactions';
import { DeadLetteredSendReaction } from './dead-lettered-send.reaction';
import { MessagingAmqpModule } from './messaging-amqp.module';

describe('DeadLetteredSendReaction', () => {
  let bus: RecordingCommandBus;
  let deadLetters: DeadLetters;

  beforeEach(async () => {
    ({ bus, deadLetters } = await reactionOn(DeadLetteredSendReaction));
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
    await deadLetters.record(letter({ message_id: MESSAGE_ID }, 'dispatcher.files.remove-file-object'));

    expect(bus.executed).toEqual([]);
  });
});
