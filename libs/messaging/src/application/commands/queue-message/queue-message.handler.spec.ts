import { handlerTestingModule } from '@app/platform/testing/handler-testing-module';
import { MessageQueued } from '../../../domain/message-queued.event';
import { AttachmentNotFound, AttachmentRefused, IdempotencyKeyReused, InvalidMessage, SessionNotUsable, UnknownMessenger } from '../../../domain/message.errors';
import { InvalidRecipient } from '../../../domain/recipient';
import { FakeMessenger, InMemoryMessageRepository, OWNER_ID } from '../../../testing/in-memory-messaging';
import { aSession, InMemoryAttachmentFiles, InMemorySenderSessions, PHONE_DESCRIPTOR } from '../../../testing/in-memory-senders';
import { AttachmentFiles } from '../../ports/attachment-files';
import { SenderSessions } from '../../ports/sender-sessions';
import { MessengerRegistry } from '../../messenger-registry';
import { MessageRepository } from '../../ports/message.repository';
import { QueueMessageCommand } from './queue-message.command';
import { QueueMessageHandler } from './queue-message.handler';
import { requestHash } from './request-hash';

const OTHER_OWNER = '0190a000-0000-7000-8000-0000000000b2';

async function handlerOn(messages: MessageRepository, sessions: SenderSessions, files: AttachmentFiles): Promise<QueueMessageHandler> {
  const module = await handlerTestingModule([
    QueueMessageHandler,
    { provide: MessageRepository, useValue: messages },
    { provide: MessengerRegistry, useValue: new MessengerRegistry([new FakeMessenger(), new FakeMessenger(PHONE_DESCRIPTOR)]) },
    { provide: SenderSessions, useValue: sessions },
    { provide: AttachmentFiles, useValue: files },
  ]);
  return module.get(QueueMessageHandler);
}

describe('QueueMessageHandler', () => {
  let messages: InMemoryMessageRepository;
  let handler: QueueMessageHandler;
  const queue = (fields: Partial<QueueMessageCommand> = {}) => {
    const { ownerId = OWNER_ID, messenger = 'sandbox', to = '+15550100', text = 'hello', idempotencyKey = null, sessionId = null, attachments = [] } = fields;
    return handler.execute(new QueueMessageCommand(ownerId, messenger, to, text, idempotencyKey, sessionId, attachments));
  };

  beforeEach(async () => {
    messages = new InMemoryMessageRepository();
    handler = await handlerOn(messages, new InMemorySenderSessions(), new InMemoryAttachmentFiles());
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
      next_attempt_at: null,
      last_error: null,
      provider_message_id: null,
      idempotency_key: 'order-42',
      created_at: at,
      session_id: null,
      attachments: [],
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
    await expect(queue({ messenger: 'carrier-pigeon' })).rejects.toThrow(new UnknownMessenger('carrier-pigeon', ['sandbox', 'phone-fake']));
    await expect(queue({ messenger: 'carrier-pigeon' })).rejects.toThrow(/use one of sandbox, phone-fake/);
    expect(messages.messages.size).toBe(0);
  });

  it('refuses an invalid message and stores nothing', async () => {
    await expect(queue({ text: '' })).rejects.toThrow(InvalidMessage);
    expect(messages.messages.size).toBe(0);
  });
});

describe('QueueMessageHandler, through a session', () => {
  const PHOTO = { fileId: '0190a000-0000-7000-8000-00000000f001', fileName: 'photo.png', contentType: 'image/png', size: 800 };
  let messages: InMemoryMessageRepository;
  let sessions: InMemorySenderSessions;
  let files: InMemoryAttachmentFiles;
  let handler: QueueMessageHandler;
  let session: ReturnType<typeof aSession>;
  const queue = (fields: Partial<QueueMessageCommand> = {}) => {
    const { ownerId = OWNER_ID, to = '+1 (415) 555-2671', text = 'hello', idempotencyKey = null, sessionId = session.id, attachments = [] } = fields;
    return handler.execute(new QueueMessageCommand(ownerId, fields.messenger ?? 'phone-fake', to, text, idempotencyKey, sessionId, attachments));
  };

  beforeEach(async () => {
    messages = new InMemoryMessageRepository();
    sessions = new InMemorySenderSessions();
    files = new InMemoryAttachmentFiles();
    session = sessions.add(aSession());
    files.add(PHOTO);
    handler = await handlerOn(messages, sessions, files);
  });

  it('stores the recipient normalised, the session and the attachments, and shows them in its view', async () => {
    const { message } = await queue({ attachments: [PHOTO.fileId] });

    expect(messages.stored(message.id)).toMatchObject({ to: '+14155552671', sessionId: session.id, attachments: [PHOTO.fileId] });
    expect(message).toMatchObject({ to: '+14155552671', session_id: session.id, attachments: [PHOTO.fileId] });
  });

  it('refuses a recipient that is none of the kinds the messenger takes, storing nothing', async () => {
    await expect(queue({ to: 'not a phone' })).rejects.toThrow(InvalidRecipient);
    expect(messages.messages.size).toBe(0);
  });

  it('refuses a text longer than the messenger takes', async () => {
    await expect(queue({ text: 'x'.repeat(161) })).rejects.toThrow(new InvalidMessage('The text is 161 characters; phone-fake takes at most 160.'));
  });

  it('asks for a session for a messenger that sends from one, and refuses one for the sandbox', async () => {
    await expect(queue({ sessionId: null })).rejects.toThrow(InvalidMessage);
    await expect(queue({ sessionId: null })).rejects.toThrow(/phone-fake sends from one of your sessions: give its session_id/);
    await expect(queue({ messenger: 'sandbox', to: 'x' })).rejects.toThrow('sandbox sends from no session: leave session_id out.');
  });

  it.each([
    ["another user's", () => sessions.add(aSession({ id: '0190a000-0000-7000-8000-0000000005e6', ownerId: '0190a000-0000-7000-8000-0000000000b2' })), /is not one of yours/],
    ['an unknown', () => aSession({ id: '0190a000-0000-7000-8000-0000000005e7' }), /is not one of yours/],
    ['an expired', () => sessions.add(aSession({ id: '0190a000-0000-7000-8000-0000000005e8' }), 'expired'), /is expired, not active/],
    ['a pending', () => sessions.add(aSession({ id: '0190a000-0000-7000-8000-0000000005e9' }), 'pending_code'), /is pending_code, not active/],
    ["another messenger's", () => sessions.add(aSession({ id: '0190a000-0000-7000-8000-0000000005ea', messenger: 'sms' })), /is a sms session, not phone-fake/],
  ])('refuses %s session as unprocessable, saying why', async (_case, make, reason) => {
    const other = make();

    const failing = queue({ sessionId: other.id });

    await expect(failing).rejects.toThrow(SessionNotUsable);
    await expect(queue({ sessionId: other.id })).rejects.toThrow(reason);
    expect(messages.messages.size).toBe(0);
  });

  it('refuses attachments for a messenger that sends text only', async () => {
    await expect(queue({ messenger: 'sandbox', to: 'x', sessionId: null, attachments: [PHOTO.fileId] })).rejects.toThrow('sandbox sends text only: leave attachments out.');
  });

  it("refuses a file that is not the caller's as not found, naming it", async () => {
    const theirs = files.add({ ...PHOTO, fileId: '0190a000-0000-7000-8000-00000000f002' }, undefined, '0190a000-0000-7000-8000-0000000000b2');

    await expect(queue({ attachments: [theirs.fileId] })).rejects.toThrow(new AttachmentNotFound(theirs.fileId));
  });

  it.each([
    ['too large', { size: 1_001 }, /is 1001 bytes; phone-fake takes at most 1000/],
    ['of a type the messenger does not take', { contentType: 'video/mp4' }, /\(photo.png\) is video\/mp4; phone-fake takes image\/\*, application\/pdf/],
  ])('refuses a file %s as unprocessable, naming it', async (_case, change, reason) => {
    const file = files.add({ ...PHOTO, fileId: '0190a000-0000-7000-8000-00000000f003', ...change });

    await expect(queue({ attachments: [file.fileId] })).rejects.toThrow(AttachmentRefused);
    await expect(queue({ attachments: [file.fileId] })).rejects.toThrow(reason);
  });

  it('takes a type the messenger lists exactly, and refuses more files than it takes', async () => {
    const pdf = files.add({ ...PHOTO, fileId: '0190a000-0000-7000-8000-00000000f004', contentType: 'application/pdf' });
    const other = files.add({ ...PHOTO, fileId: '0190a000-0000-7000-8000-00000000f005' });

    await expect(queue({ attachments: [PHOTO.fileId, pdf.fileId] })).resolves.toMatchObject({ created: true });
    await expect(queue({ attachments: [PHOTO.fileId, pdf.fileId, other.fileId] })).rejects.toThrow('3 attachments: phone-fake takes at most 2.');
  });

  it('hashes the session and the attachments with the request, so a key reused with others is refused', async () => {
    const second = sessions.add(aSession({ id: '0190a000-0000-7000-8000-0000000005eb' }));
    await queue({ idempotencyKey: 'k-1' });

    await expect(queue({ idempotencyKey: 'k-1', to: '+14155552671' })).resolves.toMatchObject({ created: false });
    await expect(queue({ idempotencyKey: 'k-1', sessionId: second.id })).rejects.toThrow(IdempotencyKeyReused);
    await expect(queue({ idempotencyKey: 'k-1', attachments: [PHOTO.fileId] })).rejects.toThrow(IdempotencyKeyReused);
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
