import { handlerTestingModule } from '@app/platform/testing/handler-testing-module';
import { MessageQueued } from '../../../domain/message-queued.event';
import { IdempotencyKeyReused, InvalidMessage, UnknownMessenger } from '../../../domain/message.errors';
import { FakeMessenger, InMemoryMessageRepository, OWNER_ID } from '../../../testing/in-memory-messaging';
import { MessengerRegistry } from '../../messenger-registry';
import { MessageRepository } from '../../ports/message.repository';
import { QueueMessageCommand } from './queue-message.command';
import { QueueMessageHandler } from './queue-message.handler';
import { requestHash } from './request-hash';

const OTHER_OWNER = '0190a000-0000-7000-8000-0000000000b2';

describe('QueueMessageHandler', () => {
  let messages: InMemoryMessageRepository;
  let handler: QueueMessageHandler;
  const queue = (fields: Partial<QueueMessageCommand> = {}) => {
    const { ownerId = OWNER_ID, messenger = 'sandbox', to = '+15550100', text = 'hello', idempotencyKey = null } = fields;
    return handler.execute(new QueueMessageCommand(ownerId, messenger, to, text, idempotencyKey));
  };

  beforeEach(async () => {
    messages = new InMemoryMessageRepository();
    const module = await handlerTestingModule([
      QueueMessageHandler,
      { provide: MessageRepository, useValue: messages },
      { provide: MessengerRegistry, useValue: new MessengerRegistry([new FakeMessenger()]) },
    ]);
    handler = module.get(QueueMessageHandler);
  });

  it('queues and stores a message, recording MessageQueued', async () => {
    const {
      message: { id },
      created,
    } = await queue();

    expect(created).toBe(true);
    expect(messages.stored(id)).toMatchObject({ ownerId: OWNER_ID, messenger: 'sandbox', to: '+15550100', text: 'hello', status: 'queued' });
    expect(messages.stored(id)).toMatchObject({ idempotencyKey: null, requestHash: null });
    expect(messages.published).toEqual([expect.any(MessageQueued)]);
  });

  it('answers the view of the message it wrote: queued, with its first status', async () => {
    const { message } = await queue({ idempotencyKey: 'order-42' });

    const at = messages.stored(message.id).createdAt.toISOString();
    expect(message).toEqual({
      id: messages.stored(message.id).id,
      messenger: 'sandbox',
      to: '+15550100',
      text: 'hello',
      status: 'queued',
      attempts: 0,
      last_error: null,
      provider_message_id: null,
      idempotency_key: 'order-42',
      created_at: at,
      history: [{ status: 'queued', at, detail: null }],
    });
  });

  it('keeps the idempotency key and the hash of the request', async () => {
    const {
      message: { id },
    } = await queue({ idempotencyKey: 'order-42' });

    expect(messages.stored(id)).toMatchObject({
      idempotencyKey: 'order-42',
      requestHash: requestHash({ messenger: 'sandbox', to: '+15550100', text: 'hello' }),
    });
  });

  it('answers the first message, not created, to a replay of the same key and body', async () => {
    const first = await queue({ idempotencyKey: 'order-42' });

    const replay = await queue({ idempotencyKey: 'order-42' });

    expect(replay).toEqual({ message: first.message, created: false });
    expect(messages.messages.size).toBe(1);
    expect(messages.published).toHaveLength(1);
  });

  it('answers a replay with the message as it is now', async () => {
    const first = await queue({ idempotencyKey: 'order-42' });
    const sending = (await messages.findForUpdate(first.message.id))!;
    sending.markSending();
    await messages.save(sending);

    const replay = await queue({ idempotencyKey: 'order-42' });

    expect(replay.message).toMatchObject({ id: first.message.id, status: 'sending', attempts: 1 });
    expect(replay.message.history.map(({ status }) => status)).toEqual(['queued', 'sending']);
  });

  it.each([
    ['another recipient', { to: '+15550199' }],
    ['another text', { text: 'bye' }],
  ])('refuses the same key with %s', async (_case, change) => {
    await queue({ idempotencyKey: 'order-42' });

    await expect(queue({ idempotencyKey: 'order-42', ...change })).rejects.toThrow(IdempotencyKeyReused);
    expect(messages.messages.size).toBe(1);
  });

  it("lets another owner use the same key", async () => {
    const mine = await queue({ idempotencyKey: 'order-42' });

    const theirs = await queue({ ownerId: OTHER_OWNER, idempotencyKey: 'order-42' });

    expect(theirs.created).toBe(true);
    expect(theirs.message.id).not.toBe(mine.message.id);
  });

  it('queues a new message each time without a key', async () => {
    const [first, second] = [await queue(), await queue()];

    expect(first.message.id).not.toBe(second.message.id);
    expect(messages.messages.size).toBe(2);
  });

  it('refuses an unknown messenger, naming the known ones', async () => {
    await expect(queue({ messenger: 'carrier-pigeon' })).rejects.toThrow(new UnknownMessenger('carrier-pigeon', ['sandbox']));
    await expect(queue({ messenger: 'carrier-pigeon' })).rejects.toThrow(/use one of sandbox/);
    expect(messages.messages.size).toBe(0);
  });

  it('refuses an invalid message and stores nothing', async () => {
    await expect(queue({ text: '' })).rejects.toThrow(InvalidMessage);
    expect(messages.messages.size).toBe(0);
  });
});

describe('requestHash', () => {
  it('does not depend on the order of the fields', () => {
    expect(requestHash({ a: '1', b: '2' })).toBe(requestHash({ b: '2', a: '1' }));
    expect(requestHash({ a: '1', b: '2' })).toMatch(/^[0-9a-f]{64}$/);
  });

  it('tells fields apart from their concatenation', () => {
    expect(requestHash({ to: 'ab', text: 'c' })).not.toBe(requestHash({ to: 'a', text: 'bc' }));
  });
});
