import 'reflect-metadata';
import { CommandBus, ICommand } from '@nestjs/cqrs';
import { BatchItem, PhasedBatch } from '@app/platform';
import { PATTERN_EXTRAS_METADATA, PATTERN_METADATA } from '@nestjs/microservices/constants';
import { SendMessagesCommand } from '../../application/commands/send-messages/send-messages.command';
import { InvalidSendMessagePayload, SendMessageConsumer } from './send-message.consumer';

/** Runs the send's phases as the runner would, failing in the last phase what `failures` says. */
class RecordingCommandBus {
  readonly executed: { sends: SendMessagesCommand['sends'] }[] = [];
  failures = new Map<string, Error>();

  async execute(command: ICommand): Promise<Map<string, Error>> {
    const { sends, transactions } = command as SendMessagesCommand;
    this.executed.push({ sends });
    await transactions.first(async () => new Map());
    await transactions.last(async () => this.failures);
    return this.failures;
  }
}

/** A phased batch whose transactions only run the work, every message new. */
const phased = (items: BatchItem<never>[]) =>
  new PhasedBatch(items, { claim: async (work) => (await work(items), items), settle: async (work) => work() }, () => 1_000);

const item = (payload: unknown, messageId = uuid(), correlationId: string | null = null): BatchItem<never> => ({
  messageId,
  payload: payload as never,
  correlationId,
  attempt: 1,
});
let counter = 0;
const uuid = () => `0190a000-0000-7000-8000-${String(++counter).padStart(12, '0')}`;

const MESSAGE_ID = '0190a000-0000-7000-8000-000000000002';

describe('SendMessageConsumer', () => {
  let bus: RecordingCommandBus;
  let consumer: SendMessageConsumer;

  beforeEach(() => {
    bus = new RecordingCommandBus();
    consumer = new SendMessageConsumer(bus as unknown as CommandBus);
  });

  it('listens to messaging.send-message on its own queue', () => {
    const handler = SendMessageConsumer.prototype.sendMessages;

    expect(Reflect.getMetadata(PATTERN_METADATA, handler)).toEqual(['messaging.send-message']);
    expect(Reflect.getMetadata(PATTERN_EXTRAS_METADATA, handler)).toEqual({ queue: 'dispatcher.messaging.send-message', batch: 100, phased: true });
  });

  it('runs one SendMessagesCommand for the batch, each message with the correlation id of its delivery', async () => {
    const other = '0190a000-0000-7000-8000-0000000000ff';
    const batch = phased([item({ message_id: MESSAGE_ID, schema_version: 1 }, uuid(), 'req-1'), item({ message_id: other.toUpperCase() }, uuid(), null)]);

    await consumer.sendMessages(batch);

    expect(bus.executed).toEqual([
      {
        sends: [
          { messageId: MESSAGE_ID, correlationId: 'req-1' },
          { messageId: other, correlationId: null },
        ],
      },
    ]);
    expect(batch.failed).toEqual([]);
  });

  it('fails only the messages the command could not settle, with its error', async () => {
    const sent = item({ message_id: MESSAGE_ID });
    const notSent = item({ message_id: '0190a000-0000-7000-8000-0000000000ee' });
    const outage = new Error('provider down');
    bus.failures = new Map([['0190a000-0000-7000-8000-0000000000ee', outage]]);
    const batch = phased([sent, notSent]);

    await consumer.sendMessages(batch);

    expect(batch.failed).toEqual([notSent.messageId]);
    expect(batch.failureOf(notSent.messageId)).toBe(outage);
  });

  it.each([
    ['no payload', null],
    ['no message_id', {}],
    ['a number', { message_id: 42 }],
    ['a non-uuid string', { message_id: 'not-a-uuid' }],
    ['a uuid with SQL after it', { message_id: `${MESSAGE_ID}'; DROP TABLE x; --` }],
  ])('fails %s with a final domain error and sends the others', async (_case, payload) => {
    const bad = item(payload);
    const good = item({ message_id: MESSAGE_ID });
    const batch = phased([bad, good]);

    await consumer.sendMessages(batch);

    expect(batch.failed).toEqual([bad.messageId]);
    expect(batch.failureOf(bad.messageId)).toBeInstanceOf(InvalidSendMessagePayload);
    expect(bus.executed).toEqual([{ sends: [{ messageId: MESSAGE_ID, correlationId: null }] }]);
  });

  it('runs no command when every message of the batch is malformed', async () => {
    const batch = phased([item(null), item({ message_id: 'x' })]);

    await consumer.sendMessages(batch);

    expect(batch.failed).toHaveLength(2);
    expect(bus.executed).toEqual([]);
  });
});
