import { DomainError } from '@app/shared-kernel';
import { handlerTestingModule } from '@app/platform/testing/handler-testing-module';
import { MessageFailed } from '../../../domain/message-failed.event';
import { MessageSent } from '../../../domain/message-sent.event';
import { Message } from '../../../domain/message.aggregate';
import { MessageNotFound } from '../../../domain/message.errors';
import { FakeMessenger, InMemoryMessageRepository, OWNER_ID, aQueuedMessage } from '../../../testing/in-memory-messaging';
import { MessengerRegistry } from '../../messenger-registry';
import { MessageRepository } from '../../ports/message.repository';
import { SendMessagesCommand } from './send-messages.command';
import { SendMessagesHandler } from './send-messages.handler';

class RecipientRefused extends DomainError {
  readonly kind = 'unprocessable';
}

describe('SendMessagesHandler', () => {
  let messages: InMemoryMessageRepository;
  let messenger: FakeMessenger;
  let handler: SendMessagesHandler;
  let message: Message;

  beforeEach(async () => {
    messages = new InMemoryMessageRepository();
    messenger = new FakeMessenger();
    message = aQueuedMessage({ to: '+15550123', text: 'your code is 1234' });
    await messages.save(message);
    messages.published.length = 0;
    const module = await handlerTestingModule([
      SendMessagesHandler,
      { provide: MessageRepository, useValue: messages },
      { provide: MessengerRegistry, useValue: new MessengerRegistry([messenger]) },
    ]);
    handler = module.get(SendMessagesHandler);
  });

  const send = (...ids: string[]) => handler.execute(new SendMessagesCommand(ids.map((messageId) => ({ messageId, correlationId: null }))));
  const statuses = () => messages.stored(message.id).history.map((change) => change.status);

  it('sends through the messenger with the message id, then stores it sent with the provider id and records MessageSent', async () => {
    const failures = await send(message.id);

    expect(failures.size).toBe(0);
    expect(messenger.calls).toEqual([{ messageId: message.id, ownerId: OWNER_ID, to: '+15550123', text: 'your code is 1234', session: null }]);
    expect(messages.stored(message.id)).toMatchObject({ status: 'sent', attempts: 1, providerMessageId: `fake-${message.id}` });
    expect(statuses()).toEqual(['queued', 'sending', 'sent']);
    expect(messages.published).toEqual([expect.any(MessageSent)]);
    expect(messages.published[0]).toMatchObject({ aggregateId: message.id, providerMessageId: `fake-${message.id}` });
  });

  it('passes each message its correlation id for the rows it leaves in the outbox', async () => {
    await handler.execute(new SendMessagesCommand([{ messageId: message.id, correlationId: 'req-42' }]));

    expect(messages.correlationIds.get(message.id)).toBe('req-42');
  });

  it('does nothing for a message already sent: no second call, no second event', async () => {
    await send(message.id);

    const again = await send(message.id);

    expect(again.size).toBe(0);
    expect(messenger.calls).toHaveLength(1);
    expect(messages.published).toHaveLength(1);
    expect(statuses()).toEqual(['queued', 'sending', 'sent']);
  });

  it('sends a message named twice in one batch once', async () => {
    const failures = await send(message.id, message.id);

    expect(failures.size).toBe(0);
    expect(messenger.calls).toHaveLength(1);
    expect(statuses()).toEqual(['queued', 'sending', 'sent']);
  });

  it('answers a transient messenger error for its message only and stores nothing for it, so a retry starts from queued', async () => {
    const other = aQueuedMessage({ to: '+15550124' });
    await messages.save(other);
    messages.published.length = 0;
    const outage = new Error('connection reset');
    messenger.failNext(outage);

    const failures = await send(message.id, other.id);

    expect(failures).toEqual(new Map([[message.id, outage]]));
    expect(messages.stored(message.id)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(messages.stored(other.id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(messages.published).toEqual([expect.any(MessageSent)]);

    expect((await send(message.id)).size).toBe(0);
    expect(messages.stored(message.id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(messenger.calls).toHaveLength(3);
  });

  it('answers the error for every message of a messenger whose sendMany itself throws', async () => {
    const other = aQueuedMessage();
    await messages.save(other);
    jest.spyOn(messenger, 'sendMany').mockRejectedValueOnce(new Error('socket hang up'));

    const failures = await send(message.id, other.id);

    expect([...failures.keys()].sort()).toEqual([message.id, other.id].sort());
    expect(messages.stored(other.id)).toMatchObject({ status: 'queued' });
  });

  it("stores the message failed, with the reason, when the messenger refuses it for good", async () => {
    messenger.failNext(new RecipientRefused('The recipient does not exist.'));

    const failures = await send(message.id);

    expect(failures.size).toBe(0);
    expect(messages.stored(message.id)).toMatchObject({ status: 'failed', lastError: 'The recipient does not exist.' });
    expect(statuses()).toEqual(['queued', 'sending', 'failed']);
    expect(messages.published).toEqual([expect.any(MessageFailed)]);
    expect(messenger.calls).toHaveLength(1);
  });

  it('sends a failed message again when its send is replayed', async () => {
    messenger.failNext(new RecipientRefused('The recipient does not exist.'));
    await send(message.id);

    await send(message.id);

    expect(messages.stored(message.id)).toMatchObject({ status: 'sent' });
    expect(statuses()).toEqual(['queued', 'sending', 'failed', 'sending', 'sent']);
    expect(messenger.calls).toHaveLength(2);
  });

  it('answers MessageNotFound, a final error, for an unknown message and sends the others', async () => {
    const unknown = '0190a000-0000-7000-8000-00000000dead';

    const failures = await send(unknown, message.id);

    expect(failures.get(unknown)).toBeInstanceOf(MessageNotFound);
    expect(messenger.calls).toHaveLength(1);
    expect(messages.stored(message.id)).toMatchObject({ status: 'sent' });
  });
});
