import { handlerTestingModule } from '@app/platform/testing/handler-testing-module';
import { MessageCancelled } from '../../../domain/message-cancelled.event';
import { MessageNotCancellable, MessageNotFound } from '../../../domain/message.errors';
import { FakeMessenger, InMemoryMessageRepository, InMemorySendTransactions, OWNER_ID, aQueuedMessage } from '../../../testing/in-memory-messaging';
import { InMemoryAttachmentFiles, InMemorySenderSessions } from '../../../testing/in-memory-senders';
import { MessengerRegistry } from '../../messenger-registry';
import { AttachmentFiles } from '../../ports/attachment-files';
import { MessageRepository } from '../../ports/message.repository';
import { PassThroughSendGate, SendGate } from '../../ports/send-gate';
import { SenderSessions } from '../../ports/sender-sessions';
import { SendLimits } from '../send-messages/send-limits';
import { OutgoingMessages } from '../send-messages/outgoing-messages';
import { SendMessagesCommand } from '../send-messages/send-messages.command';
import { SendMessagesHandler } from '../send-messages/send-messages.handler';
import { SendOutcomes } from '../send-messages/send-outcomes';
import { CancelMessageCommand } from './cancel-message.command';
import { CancelMessageHandler } from './cancel-message.handler';

describe('CancelMessageHandler', () => {
  let messages: InMemoryMessageRepository;
  let messenger: FakeMessenger;
  let cancel: (id: string, ownerId?: string) => ReturnType<CancelMessageHandler['execute']>;
  let send: (id: string) => Promise<Map<string, Error>>;

  beforeEach(async () => {
    messages = new InMemoryMessageRepository();
    messenger = new FakeMessenger();
    const module = await handlerTestingModule([
      CancelMessageHandler,
      SendMessagesHandler,
      OutgoingMessages,
      SendOutcomes,
      { provide: MessageRepository, useValue: messages },
      { provide: MessengerRegistry, useValue: new MessengerRegistry([messenger]) },
      { provide: SenderSessions, useValue: new InMemorySenderSessions() },
      { provide: AttachmentFiles, useValue: new InMemoryAttachmentFiles() },
      { provide: SendGate, useValue: new PassThroughSendGate() },
      { provide: SendLimits, useValue: { perSession: 2, sendingTimeoutMs: 60_000 } satisfies SendLimits },
    ]);
    const canceller = module.get(CancelMessageHandler);
    const sender = module.get(SendMessagesHandler);
    cancel = (id, ownerId = OWNER_ID) => canceller.execute(new CancelMessageCommand(ownerId, id));
    send = (id) => sender.execute(new SendMessagesCommand([{ messageId: id, correlationId: null }], new InMemorySendTransactions()));
  });

  const stored = async (fields: Parameters<typeof aQueuedMessage>[0] = {}) => {
    const message = aQueuedMessage(fields);
    await messages.save(message);
    messages.published.length = 0;
    return message;
  };

  it('cancels a scheduled message, stores it, records MessageCancelled and answers its view', async () => {
    const message = await stored({ sendAt: new Date(Date.now() + 3_600_000) });

    const view = await cancel(message.id);

    expect(view).toMatchObject({ id: message.id, status: 'cancelled' });
    expect(view.history.map(({ status }) => status)).toEqual(['scheduled', 'cancelled']);
    expect(messages.stored(message.id).status).toBe('cancelled');
    expect(messages.published).toEqual([expect.any(MessageCancelled)]);
  });

  it('makes the send of a cancelled message do nothing: no provider call, still cancelled, no failure to retry', async () => {
    const message = await stored();
    await cancel(message.id);

    const failures = await send(message.id);

    expect(failures.size).toBe(0);
    expect(messenger.calls).toEqual([]);
    expect(messages.stored(message.id)).toMatchObject({ status: 'cancelled', attempts: 0 });
  });

  it('refuses to cancel a message once sent, as a conflict', async () => {
    const message = await stored();
    await send(message.id);

    await expect(cancel(message.id)).rejects.toThrow(MessageNotCancellable);
    expect(messages.stored(message.id).status).toBe('sent');
  });

  it("answers not found for another owner's message and for none, changing nothing", async () => {
    const message = await stored();

    await expect(cancel(message.id, '0190a000-0000-7000-8000-0000000000b2')).rejects.toThrow(MessageNotFound);
    await expect(cancel('0190a000-0000-7000-8000-00000000dead')).rejects.toThrow(MessageNotFound);
    expect(messages.stored(message.id).status).toBe('queued');
  });
});
