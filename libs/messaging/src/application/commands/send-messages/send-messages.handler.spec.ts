import { DomainError } from '@app/shared-kernel';
import { MessageFailed } from '../../../domain/message-failed.event';
import { MessageSent } from '../../../domain/message-sent.event';
import { Message } from '../../../domain/message.aggregate';
import { AttachmentNotFound, MessageNotFound, SessionNotUsable } from '../../../domain/message.errors';
import { MessageRefused, ProviderUnavailable, SessionAuthRevoked } from '../../../domain/messenger.errors';
import { FakeMessenger, InMemoryMessageRepository, InMemorySendTransactions, OWNER_ID, aQueuedMessage } from '../../../testing/in-memory-messaging';
import { aSession, InMemoryAttachmentFiles, InMemorySenderSessions, PHONE_DESCRIPTOR } from '../../../testing/in-memory-senders';
import { MessageRepository } from '../../ports/message.repository';
import { PassThroughSendGate, SendCandidate, SendDecision, SendGate, SendReport } from '../../ports/send-gate';
import { SendMessagesCommand } from './send-messages.command';
import { SendMessagesHandler } from './send-messages.handler';
import { sendMessagesHandlerOn as sendMessagesHandlerWith } from '../../../testing/send-messages-handler';

class RecipientRefused extends DomainError {
  readonly kind = 'unprocessable';
}

/** The handler on these fakes, the send gate letting everything through unless the test gives its own. */
const sendMessagesHandlerOn = (messages: MessageRepository, messengers: FakeMessenger[], sessions?: InMemorySenderSessions, files?: InMemoryAttachmentFiles, gate: SendGate = new PassThroughSendGate()) =>
  sendMessagesHandlerWith(messages, messengers, sessions, files, undefined, gate);

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
    handler = await sendMessagesHandlerOn(messages, [messenger]);
  });

  const send = (...ids: string[]) => handler.execute(new SendMessagesCommand(ids.map((messageId) => ({ messageId, correlationId: null })), new InMemorySendTransactions()));
  const statuses = () => messages.stored(message.id).history.map((change) => change.status);

  it('sends nothing for a message its request cancelled before it reached a provider', async () => {
    const requestId = '0190a000-0000-7000-8000-00000000e0e1';
    const cancelled = aQueuedMessage({ to: '+15550124', requestId });
    await messages.save(cancelled);
    expect(await messages.cancelPendingOfRequest(requestId)).toBe(1);

    const failures = await send(cancelled.id);

    expect(failures.size).toBe(0);
    expect(messenger.calls).toEqual([]);
    expect(messages.stored(cancelled.id)).toMatchObject({ status: 'cancelled', attempts: 0 });
  });

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
    await handler.execute(new SendMessagesCommand([{ messageId: message.id, correlationId: 'req-42' }], new InMemorySendTransactions()));

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

  it('answers a transient messenger error for its message only, which reads retrying with the error, the attempt and when the next is due', async () => {
    const other = aQueuedMessage({ to: '+15550124' });
    await messages.save(other);
    messages.published.length = 0;
    const outage = new Error('connection reset');
    messenger.failNext(outage);
    const before = Date.now();

    const failures = await send(message.id, other.id);

    expect(failures).toEqual(new Map([[message.id, outage]]));
    const retrying = messages.stored(message.id);
    expect(retrying).toMatchObject({ status: 'retrying', attempts: 1, lastError: 'Error: connection reset' });
    expect(retrying.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(before + 1_000);
    expect(messages.stored(other.id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(messages.published).toEqual([expect.any(MessageSent)]);

    expect((await send(message.id)).size).toBe(0);
    expect(messages.stored(message.id)).toMatchObject({ status: 'sent', attempts: 2, nextAttemptAt: null });
    expect(messages.stored(message.id).history.map(({ status, detail }) => [status, detail])).toEqual([
      ['queued', undefined],
      ['sending', 'attempt 1'],
      ['retrying', 'Error: connection reset'],
      ['sending', 'attempt 2'],
      ['sent', undefined],
    ]);
    expect(messenger.calls).toHaveLength(3);
  });

  it('fails a transient error for good on the last attempt, and still answers it so that it is dead-lettered', async () => {
    messenger.failNext(new Error('connection reset'));

    const failures = await handler.execute(new SendMessagesCommand([{ messageId: message.id, correlationId: null }], new InMemorySendTransactions(new Set(), [1_000], 2)));

    expect(failures.get(message.id)).toEqual(new Error('connection reset'));
    expect(messages.stored(message.id)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'dead-lettered after 1 attempt: Error: connection reset' });
  });

  it('answers the error for every message of a messenger whose sendMany itself throws', async () => {
    const other = aQueuedMessage();
    await messages.save(other);
    jest.spyOn(messenger, 'sendMany').mockRejectedValueOnce(new Error('socket hang up'));

    const failures = await send(message.id, other.id);

    expect([...failures.keys()].sort()).toEqual([message.id, other.id].sort());
    expect(messages.stored(other.id)).toMatchObject({ status: 'retrying', attempts: 1 });
  });

  it('marks the attempt in the first transaction, before the provider is called, and the outcome in the last', async () => {
    const transactions = new InMemorySendTransactions();
    let seenDuringCall: string | undefined;
    jest.spyOn(messenger, 'send').mockImplementationOnce(async () => {
      seenDuringCall = messages.stored(message.id).status;
      return { providerMessageId: 'p-1' };
    });

    await handler.execute(new SendMessagesCommand([{ messageId: message.id, correlationId: null }], transactions));

    expect(seenDuringCall).toBe('sending');
    expect(transactions.phases.map(({ phase }) => phase)).toEqual(['first', 'last']);
    expect(messages.stored(message.id).status).toBe('sent');
  });

  it('skips a redelivered send (already done) and leaves a message found sending to the recovery, calling nobody', async () => {
    const crashed = aQueuedMessage();
    crashed.markSending();
    await messages.save(crashed);

    const failures = await handler.execute(
      new SendMessagesCommand([{ messageId: message.id, correlationId: null }, { messageId: crashed.id, correlationId: null }], new InMemorySendTransactions(new Set([message.id]))),
    );

    expect(failures.size).toBe(0);
    expect(messenger.calls).toEqual([]);
    expect(messages.stored(message.id).status).toBe('queued');
    expect(messages.stored(crashed.id)).toMatchObject({ status: 'sending', attempts: 1 });
  });

  it('does not overwrite an attempt settled elsewhere while the provider was called', async () => {
    jest.spyOn(messenger, 'send').mockImplementationOnce(async () => {
      const elsewhere = (await messages.findForUpdate(message.id))!;
      elsewhere.markUnknown('settled by the sweep');
      await messages.save(elsewhere);
      return { providerMessageId: 'p-late' };
    });

    await send(message.id);

    expect(messages.stored(message.id)).toMatchObject({ status: 'unknown', providerMessageId: null });
  });

  it('holds what the gate holds, without an attempt, and reports each outcome to it afterwards', async () => {
    const held = aQueuedMessage();
    await messages.save(held);
    const reports: SendReport[] = [];
    const gate = new (class extends SendGate {
      async admit(candidates: readonly SendCandidate[]) {
        return new Map<string, SendDecision>(candidates.map(({ messageId }) => [messageId, messageId === held.id ? { kind: 'hold', retryAfterMs: 5_000, reason: 'paced' } : { kind: 'send', sessionId: null }]));
      }
      async report(outcomes: readonly SendReport[]) {
        reports.push(...outcomes);
      }
    })();
    handler = await sendMessagesHandlerOn(messages, [messenger], undefined, undefined, gate);

    const failures = await send(message.id, held.id);

    expect(failures.get(held.id)).toMatchObject({ name: 'SendHeld', message: 'paced', retryAfterMs: 5_000 });
    expect(messages.stored(held.id)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(reports).toEqual([{ messageId: message.id, sessionId: null, messenger: messenger.name, outcome: 'sent', durationMs: expect.any(Number) }]);
  });

  it('carries at most perSession messages of one session in a sendMany call', async () => {
    const more = [aQueuedMessage(), aQueuedMessage(), aQueuedMessage()];
    for (const other of more) await messages.save(other);
    const sizes: number[] = [];
    const sendMany = messenger.sendMany.bind(messenger);
    jest.spyOn(messenger, 'sendMany').mockImplementation(async (group) => (sizes.push(group.length), sendMany(group)));

    await send(message.id, ...more.map(({ id }) => id));

    expect(sizes).toEqual([2, 2]);
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

    expect(messages.stored(message.id)).toMatchObject({ status: 'sent', attempts: 2 });
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
  let handler: SendMessagesHandler;
  let session: ReturnType<typeof aSession>;

  beforeEach(async () => {
    messages = new InMemoryMessageRepository();
    sessions = new InMemorySenderSessions();
    files = new InMemoryAttachmentFiles();
    messenger = new FakeMessenger(PHONE_DESCRIPTOR);
    session = sessions.add(aSession());
    files.add(PHOTO, Buffer.from('\x89PNG'));
    handler = await sendMessagesHandlerOn(messages, [messenger], sessions, files);
  });

  const queued = async (fields: Parameters<typeof aQueuedMessage>[0] = {}) => {
    const message = aQueuedMessage({ messenger: PHONE_DESCRIPTOR.name, to: '+14155552671', sessionId: session.id, ...fields });
    await messages.save(message);
    return message;
  };
  const send = (...ids: string[]) => handler.execute(new SendMessagesCommand(ids.map((messageId) => ({ messageId, correlationId: null })), new InMemorySendTransactions()));

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

  it("answers a provider's wait as a transient failure carrying it, and leaves the message retrying", async () => {
    const message = await queued();
    const wait = new ProviderUnavailable('FLOOD_WAIT_3', 'FLOOD_WAIT', 3_000);
    messenger.failNext(wait);

    const failures = await send(message.id);

    expect(failures.get(message.id)).toBe(wait);
    expect(messages.stored(message.id)).toMatchObject({ status: 'retrying', attempts: 1, lastError: 'ProviderUnavailable: FLOOD_WAIT_3' });
    expect(sessions.expired).toEqual([]);
  });
});
