import { DomainError } from '@app/shared-kernel';
import { MessageFailed } from '../../../domain/message-failed.event';
import { MessageSent } from '../../../domain/message-sent.event';
import { Message } from '../../../domain/message.aggregate';
import { AttachmentNotFound, MessageNotFound, SessionNotUsable } from '../../../domain/message.errors';
import { MessageRefused, ProviderUnavailable, SessionAuthRevoked } from '../../../domain/messenger.errors';
import { FakeMessenger, InMemoryMessageRepository, OWNER_ID, aQueuedMessage } from '../../../testing/in-memory-messaging';
import { aSession, InMemoryAttachmentFiles, InMemorySenderSessions, PHONE_DESCRIPTOR } from '../../../testing/in-memory-senders';
import { inMemorySendGate } from '../../../testing/in-memory-send-gate';
import { sendMessagesHandlerOn } from '../../../testing/send-messages-handler';
import { SendMessagesCommand } from './send-messages.command';

class RecipientRefused extends DomainError {
  readonly kind = 'unprocessable';
}

describe('SendMessagesHandler', () => {
  let messages: InMemoryMessageRepository;
  let messenger: FakeMessenger;
  let handler: Awaited<ReturnType<typeof sendMessagesHandlerOn>>;
  let message: Message;

  beforeEach(async () => {
    messages = new InMemoryMessageRepository();
    messenger = new FakeMessenger();
    message = aQueuedMessage({ to: '+15550123', text: 'your code is 1234' });
    await messages.save(message);
    messages.published.length = 0;
    handler = await sendMessagesHandlerOn(messages, [messenger]);
  });

  const send = (...ids: string[]) => handler.execute(new SendMessagesCommand(ids.map((messageId) => ({ messageId, correlationId: null }))));
  const statuses = () => messages.stored(message.id).history.map((change) => change.status);

  it('sends through the messenger with the message id, then stores it sent with the provider id and records MessageSent', async () => {
    const failures = await send(message.id);

    expect(failures.size).toBe(0);
    expect(messenger.calls).toEqual([{ messageId: message.id, ownerId: OWNER_ID, to: '+15550123', text: 'your code is 1234', session: null, attachments: [] }]);
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

describe('SendMessagesHandler, through sessions', () => {
  const PHOTO = { fileId: '0190a000-0000-7000-8000-00000000f001', fileName: 'photo.png', contentType: 'image/png', size: 4 };
  let messages: InMemoryMessageRepository;
  let sessions: InMemorySenderSessions;
  let files: InMemoryAttachmentFiles;
  let messenger: FakeMessenger;
  let handler: Awaited<ReturnType<typeof sendMessagesHandlerOn>>;
  let session: ReturnType<typeof aSession>;

  beforeEach(async () => {
    messages = new InMemoryMessageRepository();
    sessions = new InMemorySenderSessions();
    files = new InMemoryAttachmentFiles();
    messenger = new FakeMessenger(PHONE_DESCRIPTOR);
    session = sessions.add(aSession());
    files.add(PHOTO, Buffer.from('\x89PNG'));
    const gate = inMemorySendGate(sessions);
    await gate.settings.change(OWNER_ID, session.id, { pace: { perMinute: 60_000 } });
    handler = await sendMessagesHandlerOn(messages, [messenger], sessions, files, gate);
  });

  const queued = async (fields: Parameters<typeof aQueuedMessage>[0] = {}) => {
    const message = aQueuedMessage({ messenger: PHONE_DESCRIPTOR.name, to: '+14155552671', sessionId: session.id, ...fields });
    await messages.save(message);
    return message;
  };
  const send = (...ids: string[]) => handler.execute(new SendMessagesCommand(ids.map((messageId) => ({ messageId, correlationId: null }))));

  it('hands the messenger the session, with its secrets, and the attachments, whose bytes it can read', async () => {
    const message = await queued({ attachments: [PHOTO.fileId] });

    await send(message.id);

    const [call] = messenger.calls;
    expect(call).toMatchObject({ messageId: message.id, session, attachments: [{ ...PHOTO, url: null }] });
    await expect(call.attachments![0].read()).resolves.toEqual(Buffer.from('\x89PNG'));
    expect(messages.stored(message.id)).toMatchObject({ status: 'sent' });
  });

  it.each([
    ['expired', 'is expired, not active: the message is not sent'],
    ['revoked', 'is revoked, not active: the message is not sent'],
  ])('fails a message whose session is %s by now, for good, without calling the messenger', async (status, reason) => {
    const message = await queued();
    sessions.add(session, status as 'expired');

    const failures = await send(message.id);

    expect(failures.size).toBe(0);
    expect(messenger.calls).toEqual([]);
    expect(messages.stored(message.id)).toMatchObject({ status: 'failed', lastError: `Session ${session.id} ${reason}.` });
  });

  it('fails a message whose session no longer exists, or whose attachment was deleted', async () => {
    const orphan = await queued({ sessionId: '0190a000-0000-7000-8000-0000000005ff' });
    const missing = await queued({ attachments: ['0190a000-0000-7000-8000-00000000f0ff'] });

    await send(orphan.id, missing.id);

    expect(messages.stored(orphan.id).lastError).toBe(new SessionNotUsable('Session 0190a000-0000-7000-8000-0000000005ff no longer exists: the message is not sent.').message);
    expect(messages.stored(missing.id).lastError).toBe(new AttachmentNotFound('0190a000-0000-7000-8000-00000000f0ff').message);
    expect(messenger.calls).toEqual([]);
  });

  it("fails a refused message with the provider's code and text, in last_error and the history", async () => {
    const message = await queued();
    messenger.failNext(new MessageRefused("The 'To' number is not a valid phone number.", '21211'));

    expect((await send(message.id)).size).toBe(0);

    const reason = "The 'To' number is not a valid phone number. (provider code 21211)";
    expect(messages.stored(message.id)).toMatchObject({ status: 'failed', lastError: reason });
    expect(messages.stored(message.id).history.at(-1)).toMatchObject({ status: 'failed', detail: reason });
  });

  it('fails a message whose session the provider revoked, expires the session, and fails its later messages at once', async () => {
    const first = await queued();
    const later = await queued();
    messenger.failNext(new SessionAuthRevoked('AUTH_KEY_UNREGISTERED', '401'));

    await send(first.id);
    const failures = await send(later.id);

    const reason = "the session's credentials no longer work: AUTH_KEY_UNREGISTERED (provider code 401)";
    expect(messages.stored(first.id)).toMatchObject({ status: 'failed', lastError: reason });
    expect(sessions.expired).toEqual([{ sessionId: session.id, reason }]);
    expect(failures.size).toBe(0);
    expect(messages.stored(later.id)).toMatchObject({ status: 'failed', lastError: `Session ${session.id} is expired, not active: the message is not sent.` });
    expect(messenger.calls).toHaveLength(1);
  });

  it("answers a provider's wait as a transient failure carrying it, and leaves the message queued", async () => {
    const message = await queued();
    const wait = new ProviderUnavailable('FLOOD_WAIT_3', 'FLOOD_WAIT', 3_000);
    messenger.failNext(wait);

    const failures = await send(message.id);

    expect(failures.get(message.id)).toBe(wait);
    expect(messages.stored(message.id)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(sessions.expired).toEqual([]);
  });
});
