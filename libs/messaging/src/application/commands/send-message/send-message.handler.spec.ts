import { DomainError } from '@app/shared-kernel';
import { handlerTestingModule } from '@app/platform/testing/handler-testing-module';
import { MessageFailed } from '../../../domain/message-failed.event';
import { MessageSent } from '../../../domain/message-sent.event';
import { Message } from '../../../domain/message.aggregate';
import { MessageNotFound } from '../../../domain/message.errors';
import { FakeMessenger, InMemoryMessageRepository, OWNER_ID, aQueuedMessage } from '../../../testing/in-memory-messaging';
import { MessengerRegistry } from '../../messenger-registry';
import { MessageRepository } from '../../ports/message.repository';
import { SendMessageCommand } from './send-message.command';
import { SendMessageHandler } from './send-message.handler';

class RecipientRefused extends DomainError {
  readonly kind = 'unprocessable';
}

describe('SendMessageHandler', () => {
  let messages: InMemoryMessageRepository;
  let messenger: FakeMessenger;
  let handler: SendMessageHandler;
  let message: Message;

  beforeEach(async () => {
    messages = new InMemoryMessageRepository();
    messenger = new FakeMessenger();
    message = aQueuedMessage({ to: '+15550123', text: 'your code is 1234' });
    await messages.save(message);
    messages.published.length = 0;
    const module = await handlerTestingModule([
      SendMessageHandler,
      { provide: MessageRepository, useValue: messages },
      { provide: MessengerRegistry, useValue: new MessengerRegistry([messenger]) },
    ]);
    handler = module.get(SendMessageHandler);
  });

  const statuses = () => messages.stored(message.id).history.map((change) => change.status);

  it('sends through the messenger with the message id, then stores it sent with the provider id and records MessageSent', async () => {
    const result = await handler.execute(new SendMessageCommand(message.id));

    expect(result).toEqual({ id: message.id, status: 'sent' });
    expect(messenger.calls).toEqual([{ messageId: message.id, ownerId: OWNER_ID, to: '+15550123', text: 'your code is 1234' }]);
    expect(messages.stored(message.id)).toMatchObject({ status: 'sent', attempts: 1, providerMessageId: `fake-${message.id}` });
    expect(statuses()).toEqual(['queued', 'sending', 'sent']);
    expect(messages.published).toEqual([expect.any(MessageSent)]);
    expect(messages.published[0]).toMatchObject({ aggregateId: message.id, providerMessageId: `fake-${message.id}` });
  });

  it('does nothing for a message already sent: no second call, no second event', async () => {
    await handler.execute(new SendMessageCommand(message.id));

    const again = await handler.execute(new SendMessageCommand(message.id));

    expect(again).toEqual({ id: message.id, status: 'sent' });
    expect(messenger.calls).toHaveLength(1);
    expect(messages.published).toHaveLength(1);
    expect(statuses()).toEqual(['queued', 'sending', 'sent']);
  });

  it('lets a transient messenger error propagate and stores nothing, so a retry starts from queued', async () => {
    messenger.failNext(new Error('connection reset'));

    await expect(handler.execute(new SendMessageCommand(message.id))).rejects.toThrow('connection reset');
    expect(messages.stored(message.id)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(messages.published).toEqual([]);

    await handler.execute(new SendMessageCommand(message.id));
    expect(messages.stored(message.id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(messenger.calls).toHaveLength(2);
  });

  it("stores the message failed, with the reason, when the messenger refuses it for good", async () => {
    messenger.failNext(new RecipientRefused('The recipient does not exist.'));

    const result = await handler.execute(new SendMessageCommand(message.id));

    expect(result).toEqual({ id: message.id, status: 'failed' });
    expect(messages.stored(message.id)).toMatchObject({ status: 'failed', lastError: 'The recipient does not exist.' });
    expect(statuses()).toEqual(['queued', 'sending', 'failed']);
    expect(messages.published).toEqual([expect.any(MessageFailed)]);
    expect(messenger.calls).toHaveLength(1);
  });

  it('sends a failed message again when its send is replayed', async () => {
    messenger.failNext(new RecipientRefused('The recipient does not exist.'));
    await handler.execute(new SendMessageCommand(message.id));

    const replayed = await handler.execute(new SendMessageCommand(message.id));

    expect(replayed).toEqual({ id: message.id, status: 'sent' });
    expect(statuses()).toEqual(['queued', 'sending', 'failed', 'sending', 'sent']);
    expect(messenger.calls).toHaveLength(2);
  });

  it('answers MessageNotFound, a final error, for an unknown message', async () => {
    const unknown = '0190a000-0000-7000-8000-00000000dead';

    await expect(handler.execute(new SendMessageCommand(unknown))).rejects.toThrow(MessageNotFound);
    expect(messenger.calls).toEqual([]);
  });
});
