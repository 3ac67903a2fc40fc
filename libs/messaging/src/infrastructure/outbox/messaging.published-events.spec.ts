import { MessageCancelled } from '../../domain/message-cancelled.event';
import { MessageFailed } from '../../domain/message-failed.event';
import { MessageScheduled } from '../../domain/message-scheduled.event';
import { MessageQueued } from '../../domain/message-queued.event';
import { MessageSent } from '../../domain/message-sent.event';
import { sendsToRelease, toIntegrationEvent, toOutboxMessages } from './messaging.published-events';

const MESSAGE_ID = '0190a000-0000-7000-8000-000000000002';
const OWNER_ID = '0190a000-0000-7000-8000-000000000001';
const AT = new Date('2026-03-04T05:06:07.089Z');

describe('messaging published events', () => {
  it('turns MessageQueued into one messaging.send-message command on the message', () => {
    const [row, ...rest] = toOutboxMessages([new MessageQueued(MESSAGE_ID, OWNER_ID, AT)]);

    expect(rest).toEqual([]);
    expect(row).toMatchObject({
      type: 'messaging.send-message',
      kind: 'command',
      routingKey: 'messaging.send-message',
      payload: { message_id: MESSAGE_ID, schema_version: 1 },
      aggregateType: 'message',
      aggregateId: MESSAGE_ID,
    });
  });

  it('publishes MessageSent as messaging.message.sent.v1', () => {
    const sent = new MessageSent(MESSAGE_ID, OWNER_ID, 'sandbox', '+15550100', 'sandbox-abc', AT);

    expect(toIntegrationEvent(sent)).toEqual({
      type: 'messaging.message.sent.v1',
      schemaVersion: 1,
      aggregateType: 'message',
      aggregateId: MESSAGE_ID,
      occurredAt: '2026-03-04T05:06:07.089Z',
      payload: {
        message_id: MESSAGE_ID,
        owner_id: OWNER_ID,
        messenger: 'sandbox',
        to: '+15550100',
        provider_message_id: 'sandbox-abc',
        sent_at: '2026-03-04T05:06:07.089Z',
      },
    });
    expect(toOutboxMessages([sent])).toEqual([
      expect.objectContaining({ kind: 'event', routingKey: 'messaging.message.sent.v1', payload: expect.objectContaining({ schema_version: 1 }) }),
    ]);
  });

  it('keeps MessageFailed private', () => {
    const failed = new MessageFailed(MESSAGE_ID, OWNER_ID, 'refused', AT);

    expect(toIntegrationEvent(failed)).toBeNull();
    expect(toOutboxMessages([failed])).toEqual([]);
  });

  it('turns MessageScheduled into the messaging.send-message command, due at the send time', () => {
    const sendAt = new Date('2026-03-05T00:00:00.000Z');

    const rows = toOutboxMessages([new MessageScheduled(MESSAGE_ID, OWNER_ID, sendAt, AT)]);

    expect(rows).toEqual([
      expect.objectContaining({ type: 'messaging.send-message', kind: 'command', payload: { message_id: MESSAGE_ID, schema_version: 1 }, aggregateId: MESSAGE_ID, availableAt: sendAt }),
    ]);
    expect(toOutboxMessages([new MessageQueued(MESSAGE_ID, OWNER_ID, AT)])[0].availableAt).toBeNull();
  });

  it('publishes MessageCancelled as messaging.message.cancelled.v1, and releases the send command of the message', () => {
    const cancelled = new MessageCancelled(MESSAGE_ID, OWNER_ID, 'sandbox', '+15550100', AT);

    expect(toIntegrationEvent(cancelled)).toEqual({
      type: 'messaging.message.cancelled.v1',
      schemaVersion: 1,
      aggregateType: 'message',
      aggregateId: MESSAGE_ID,
      occurredAt: '2026-03-04T05:06:07.089Z',
      payload: { message_id: MESSAGE_ID, owner_id: OWNER_ID, messenger: 'sandbox', to: '+15550100', cancelled_at: '2026-03-04T05:06:07.089Z' },
    });
    expect(toOutboxMessages([cancelled])).toEqual([expect.objectContaining({ kind: 'event', routingKey: 'messaging.message.cancelled.v1' })]);
    expect(sendsToRelease([cancelled, new MessageQueued('other', OWNER_ID, AT)])).toEqual({ type: 'messaging.send-message', aggregateIds: [MESSAGE_ID] });
  });
});
