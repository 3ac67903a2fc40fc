import { Message, MessageStatus } from './message.aggregate';
import { MessageCancelled } from './message-cancelled.event';
import { MessageFailed } from './message-failed.event';
import { MessageQueued } from './message-queued.event';
import { MessageScheduled } from './message-scheduled.event';
import { MessageSent } from './message-sent.event';
import { IllegalStatusTransition, InvalidMessage, MessageNotCancellable } from './message.errors';

const OWNER = '0190a000-0000-7000-8000-000000000001';
const t0 = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

const queued = (fields: Partial<Parameters<typeof Message.queue>[0]> = {}) =>
  Message.queue({ ownerId: OWNER, messenger: 'sandbox', to: '+15550100', text: 'hello', ...fields }, t0);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function inStatus(status: MessageStatus): Message {
  const message = status === 'scheduled' ? queued({ sendAt: at(HOUR) }) : queued();
  const path: Record<MessageStatus, (m: Message) => void> = {
    queued: () => undefined,
    scheduled: () => undefined,
    cancelled: (m) => m.cancel(at(1)),
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
      requestId: null,
      createdAt: t0,
      sendAt: null,
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
    ['scheduled', (m) => m.markSent('p')],
    ['cancelled', (m) => m.markSending()],
    ['cancelled', (m) => m.markFailed('late')],
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
    ['scheduled', false],
    ['cancelled', true],
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

  describe('scheduled', () => {
    it('is scheduled with its send time and a one-entry history, recording MessageScheduled, not MessageQueued', () => {
      const message = queued({ sendAt: at(HOUR) });

      expect(message.snapshot()).toMatchObject({ status: 'scheduled', sendAt: at(HOUR), attempts: 0, history: [{ status: 'scheduled', at: t0 }] });
      expect(message.pullEvents()).toEqual([new MessageScheduled(message.id, OWNER, at(HOUR), t0)]);
    });

    it('takes a send time up to 35 days ahead, to the millisecond', () => {
      expect(queued({ sendAt: at(35 * DAY) }).status).toBe('scheduled');
      expect(queued({ sendAt: at(1) }).status).toBe('scheduled');
    });

    it.each([
      ['now', at(0), /send_at\) 2026-01-01T00:00:00.000Z is not in the future/],
      ['in the past', at(-1), /send_at\) 2025-12-31T23:59:59.999Z is not in the future/],
      ['over 35 days ahead', at(35 * DAY + 1), /send_at\) .* is more than 35 days ahead/],
      ['not a date', new Date('nope'), /send_at\) is not a valid date/],
    ])('refuses a send time %s, naming send_at', (_case, sendAt, reason) => {
      expect(() => queued({ sendAt })).toThrow(InvalidMessage);
      expect(() => queued({ sendAt })).toThrow(reason);
    });

    it('goes scheduled → sending → sent when its time comes, as a queued one does', () => {
      const message = inStatus('scheduled');

      message.markSending(at(HOUR));
      message.markSent('p-1', at(HOUR + 1));

      expect(message.snapshot().history.map((change) => change.status)).toEqual(['scheduled', 'sending', 'sent']);
      expect(message.snapshot()).toMatchObject({ status: 'sent', attempts: 1, sendAt: at(HOUR) });
    });

    it('keeps its send time when restored', () => {
      const message = inStatus('scheduled');

      expect(Message.restore(message.snapshot()).snapshot()).toEqual(message.snapshot());
    });
  });

  describe('cancel', () => {
    it.each<MessageStatus>(['queued', 'scheduled'])('cancels a %s message, with a history entry, recording MessageCancelled', (status) => {
      const message = inStatus(status);

      message.cancel(at(7));

      expect(message.status).toBe('cancelled');
      expect(message.snapshot().history.at(-1)).toEqual({ status: 'cancelled', at: at(7) });
      expect(message.snapshot().history).toHaveLength(2);
      expect(message.pullEvents()).toEqual([new MessageCancelled(message.id, OWNER, 'sandbox', '+15550100', at(7))]);
    });

    it('cancels a message waiting for a retry (retrying)', () => {
      const message = Message.restore({ ...inStatus('queued').snapshot(), status: 'retrying' as MessageStatus });

      message.cancel(at(7));

      expect(message.status).toBe('cancelled');
    });

    it.each<[MessageStatus, RegExp]>([
      ['sending', /is sending: it was handed to its provider already and can no longer be cancelled/],
      ['sent', /is sent: it was handed/],
      ['delivered', /is delivered: it was handed/],
      ['read', /is read: it was handed/],
      ['failed', /failed: there is no send left to cancel/],
      ['cancelled', /is already cancelled/],
    ])('refuses to cancel a %s message as a conflict, changing nothing', (status, reason) => {
      const message = inStatus(status);
      const before = message.snapshot();

      expect(() => message.cancel(at(9))).toThrow(MessageNotCancellable);
      expect(() => message.cancel(at(9))).toThrow(reason);
      expect(new MessageNotCancellable(message.id, status).kind).toBe('conflict');
      expect(message.snapshot()).toEqual(before);
      expect(message.pullEvents()).toEqual([]);
    });
  });
});
