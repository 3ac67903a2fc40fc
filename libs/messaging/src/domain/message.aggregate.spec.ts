import { Message, MessageStatus } from './message.aggregate';
import { MessageFailed } from './message-failed.event';
import { MessageQueued } from './message-queued.event';
import { MessageSent } from './message-sent.event';
import { IllegalStatusTransition, InvalidMessage } from './message.errors';

const OWNER = '0190a000-0000-7000-8000-000000000001';
const t0 = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

const queued = (fields: Partial<Parameters<typeof Message.queue>[0]> = {}) =>
  Message.queue({ ownerId: OWNER, messenger: 'sandbox', to: '+15550100', text: 'hello', ...fields }, t0);

function inStatus(status: MessageStatus): Message {
  const message = queued();
  const path: Record<MessageStatus, (m: Message) => void> = {
    queued: () => undefined,
    sending: (m) => m.markSending(at(1)),
    sent: (m) => (path.sending(m), m.markSent('p-1', at(2))),
    delivered: (m) => (path.sent(m), m.markDelivered(at(3))),
    read: (m) => (path.delivered(m), m.markRead(at(4))),
    failed: (m) => m.markFailed('refused', at(1)),
    retrying: (m) => (path.sending(m), m.markRetrying('connection reset', at(1_001), at(2))),
    unknown: (m) => (path.sending(m), m.markUnknown('crashed during the call', at(2))),
  };
  path[status](message);
  message.pullEvents();
  return message;
}

const SESSION = '0190a000-0000-7000-8000-0000000005e5';
const FILE = '0190a000-0000-7000-8000-00000000f11e';

describe('Message', () => {
  it('is queued with a time-ordered id, no attempts and a one-entry history, and records MessageQueued', () => {
    const message = queued({ idempotencyKey: 'k-1', requestHash: 'h-1' });

    expect(message.snapshot()).toEqual({
      id: message.id,
      ownerId: OWNER,
      messenger: 'sandbox',
      to: '+15550100',
      text: 'hello',
      sessionId: null,
      attachments: [],
      status: 'queued',
      attempts: 0,
      nextAttemptAt: null,
      attemptedAt: null,
      lastError: null,
      providerMessageId: null,
      idempotencyKey: 'k-1',
      requestHash: 'h-1',
      createdAt: t0,
      history: [{ status: 'queued', at: t0 }],
    });
    expect(message.id[14]).toBe('7');
    expect(message.pullEvents()).toEqual([new MessageQueued(message.id, OWNER, t0)]);
    expect(message.pullEvents()).toEqual([]);
  });

  it('keeps the session it is sent from and its attachments, which its snapshot does not share', () => {
    const message = queued({ sessionId: SESSION, attachments: [FILE] });

    const snapshot = message.snapshot();
    snapshot.attachments.push('someone-else');

    expect(message.snapshot()).toMatchObject({ sessionId: SESSION, attachments: [FILE] });
    expect(Message.restore(message.snapshot()).snapshot()).toMatchObject({ sessionId: SESSION, attachments: [FILE] });
  });

  it('has no idempotency key unless given one', () => {
    expect(queued().snapshot()).toMatchObject({ idempotencyKey: null, requestHash: null });
  });

  it.each([
    ['an empty recipient', { to: '' }],
    ['a blank recipient', { to: '   ' }],
    ['a 321-character recipient', { to: 'a'.repeat(321) }],
    ['an empty text', { text: '' }],
    ['a 4097-character text', { text: 't'.repeat(4097) }],
  ])('refuses %s', (_case, fields) => {
    expect(() => queued(fields)).toThrow(InvalidMessage);
  });

  it('accepts the longest recipient and text', () => {
    expect(() => queued({ to: 'a'.repeat(320), text: 't'.repeat(4096) })).not.toThrow();
  });

  it('goes queued → sending → sent, counting the attempt and recording MessageSent with the provider id', () => {
    const message = inStatus('queued');

    message.markSending(at(1));
    message.markSent('sandbox-1', at(2));

    expect(message.snapshot()).toMatchObject({ status: 'sent', attempts: 1, attemptedAt: at(1), providerMessageId: 'sandbox-1' });
    expect(message.snapshot().history).toEqual([
      { status: 'queued', at: t0 },
      { status: 'sending', at: at(1), detail: 'attempt 1' },
      { status: 'sent', at: at(2) },
    ]);
    expect(message.pullEvents()).toEqual([new MessageSent(message.id, OWNER, 'sandbox', '+15550100', 'sandbox-1', at(2))]);
  });

  it('counts every attempt', () => {
    const message = inStatus('sending');

    message.markSending(at(5));

    expect(message.snapshot().attempts).toBe(2);
  });

  it('reads retrying between attempts, with the error, when the next is due, and an entry per attempt', () => {
    const message = inStatus('retrying');

    expect(message.snapshot()).toMatchObject({ status: 'retrying', attempts: 1, lastError: 'connection reset', nextAttemptAt: at(1_001) });
    message.markSending(at(1_001));
    message.markSent('p-1', at(1_002));

    expect(message.snapshot()).toMatchObject({ status: 'sent', attempts: 2, nextAttemptAt: null });
    expect(message.snapshot().history.map(({ status, detail }) => [status, detail])).toEqual([
      ['queued', undefined],
      ['sending', 'attempt 1'],
      ['retrying', 'connection reset'],
      ['sending', 'attempt 2'],
      ['sent', undefined],
    ]);
  });

  it('is sent again by a new send command when a crash cut its attempt short and its messenger resends', () => {
    const message = inStatus('sending');

    message.resendAfterCrash('the dispatcher stopped during attempt 1; sent again', at(9));

    expect(message.snapshot()).toMatchObject({ status: 'retrying', nextAttemptAt: at(9), lastError: 'the dispatcher stopped during attempt 1; sent again' });
    expect(message.pullEvents()).toEqual([new MessageQueued(message.id, OWNER, at(9))]);
  });

  it('reads unknown, settled, when nobody can say whether the provider took it; a replay queues it again', () => {
    const message = inStatus('unknown');

    expect(message.snapshot()).toMatchObject({ status: 'unknown', lastError: 'crashed during the call' });
    expect(message.isSettled).toBe(true);
    message.requeue('replayed', at(10));
    expect(message.snapshot().history.at(-1)).toEqual({ status: 'queued', at: at(10), detail: 'replayed' });
  });

  it('then delivered, then read', () => {
    const message = inStatus('sent');

    message.markDelivered(at(3));
    message.markRead(at(4));

    expect(message.snapshot().history.map((change) => change.status)).toEqual(['queued', 'sending', 'sent', 'delivered', 'read']);
  });

  it('fails with the reason as last error and history detail, recording MessageFailed', () => {
    const message = inStatus('sending');

    message.markFailed('recipient unknown', at(2));

    expect(message.snapshot()).toMatchObject({ status: 'failed', lastError: 'recipient unknown' });
    expect(message.snapshot().history.at(-1)).toEqual({ status: 'failed', at: at(2), detail: 'recipient unknown' });
    expect(message.pullEvents()).toEqual([new MessageFailed(message.id, OWNER, 'recipient unknown', at(2))]);
  });

  it.each<[MessageStatus, (m: Message) => void]>([
    ['queued', (m) => m.markSent('p')],
    ['queued', (m) => m.markDelivered()],
    ['sending', (m) => m.markRead()],
    ['sent', (m) => m.markSending()],
    ['sent', (m) => m.markSent('p-2')],
    ['delivered', (m) => m.markFailed('late')],
    ['read', (m) => m.markDelivered()],
    ['failed', (m) => m.markSent('p')],
    ['sent', (m) => m.requeue('replayed')],
    ['queued', (m) => m.markUnknown('crash')],
  ])('refuses an illegal transition from %s, changing nothing', (status, transition) => {
    const message = inStatus(status);
    const before = message.snapshot();

    expect(() => transition(message)).toThrow(IllegalStatusTransition);
    expect(message.snapshot()).toEqual(before);
    expect(message.pullEvents()).toEqual([]);
  });

  it('is sent again from failed when its send is replayed', () => {
    const message = inStatus('failed');
    message.markSending(at(5));
    expect(message.snapshot().status).toBe('sending');
  });

  it.each<[MessageStatus, boolean]>([
    ['queued', false],
    ['sending', false],
    ['sent', true],
    ['delivered', true],
    ['read', true],
    ['failed', false],
    ['retrying', false],
    ['unknown', true],
  ])('in %s is settled: %s', (status, settled) => {
    expect(inStatus(status).isSettled).toBe(settled);
  });

  it('is restored as it was, and its snapshot cannot change it', () => {
    const message = inStatus('sent');
    const restored = Message.restore(message.snapshot());

    restored.snapshot().history.push({ status: 'failed', at: t0 });

    expect(restored.snapshot()).toEqual(message.snapshot());
    expect(restored.pullEvents()).toEqual([]);
  });
});
