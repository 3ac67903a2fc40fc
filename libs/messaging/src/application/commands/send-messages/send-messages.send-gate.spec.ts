import { ProviderUnavailable } from '../../../domain/messenger.errors';
import { FakeMessenger, InMemoryMessageRepository, InMemorySendTransactions, OWNER_ID, aQueuedMessage } from '../../../testing/in-memory-messaging';
import { inMemorySendGate } from '../../../testing/in-memory-send-gate';
import { aSession, InMemoryAttachmentFiles, InMemorySenderSessions, PHONE_DESCRIPTOR } from '../../../testing/in-memory-senders';
import { sendMessagesHandlerOn } from '../../../testing/send-messages-handler';
import { SendMessagesCommand } from './send-messages.command';

const FALLBACK_ID = '0190a000-0000-7000-8000-0000000005f6';

describe('SendMessagesHandler, through the send gate', () => {
  let messages: InMemoryMessageRepository;
  let sessions: InMemorySenderSessions;
  let messenger: FakeMessenger;
  let gate: ReturnType<typeof inMemorySendGate>;
  let handler: Awaited<ReturnType<typeof sendMessagesHandlerOn>>;
  let session: ReturnType<typeof aSession>;

  beforeEach(async () => {
    messages = new InMemoryMessageRepository();
    sessions = new InMemorySenderSessions();
    messenger = new FakeMessenger(PHONE_DESCRIPTOR);
    session = sessions.add(aSession());
    sessions.add(aSession({ id: FALLBACK_ID, address: '+14155550001' }));
    gate = inMemorySendGate(sessions);
    handler = await sendMessagesHandlerOn(messages, [messenger], sessions, new InMemoryAttachmentFiles(), gate);
  });

  const queued = async (count: number) => {
    const batch = Array.from({ length: count }, () => aQueuedMessage({ messenger: PHONE_DESCRIPTOR.name, to: '+14155552671', sessionId: session.id }));
    for (const message of batch) await messages.save(message);
    return batch.map(({ id }) => id);
  };
  const send = (ids: string[]) => handler.execute(new SendMessagesCommand(ids.map((messageId) => ({ messageId, correlationId: `req-${messageId}` })), new InMemorySendTransactions()));
  const status = (id: string) => messages.stored(id).status;
  const sessionOfCall = (index: number) => messenger.calls[index].session?.id;

  it("sends what the session's pace allows now and holds the rest, each rescheduled at its own slot: neither sent nor failed", async () => {
    await gate.settings.change(OWNER_ID, session.id, { pace: { perMinute: 60 } });
    const ids = await queued(3);

    const failures = await send(ids);

    expect(failures.size).toBe(0);
    expect(ids.map(status)).toEqual(['sent', 'queued', 'queued']);
    const start = gate.clock.time.getTime();
    expect(gate.deferrals.deferred.map(({ messageId, until, correlationId }) => [messageId, until.getTime() - start, correlationId])).toEqual([
      [ids[1], 1_000, `req-${ids[1]}`],
      [ids[2], 2_000, `req-${ids[2]}`],
    ]);
    expect(gate.metrics.counts.get(`held ${PHONE_DESCRIPTOR.name} pace`)).toBe(2);
  });

  it('sends a held message when it comes back at its slot, on the token it reserved, and holds a newcomer behind it', async () => {
    await gate.settings.change(OWNER_ID, session.id, { pace: { perMinute: 60 } });
    const ids = await queued(3);
    await send(ids.slice(0, 2));
    gate.clock.advance(1_000);

    await send([ids[1], ids[2]]);

    expect(ids.map(status)).toEqual(['sent', 'sent', 'queued']);
    expect(gate.deferrals.deferred.at(-1)).toMatchObject({ messageId: ids[2], until: new Date(gate.clock.time.getTime() + 1_000), slotSessionId: session.id });
  });

  it('holds the whole batch until the quiet hours end', async () => {
    await gate.settings.change(OWNER_ID, session.id, { pace: { perMinute: 60_000, quietHours: { start: '09:00', end: '11:30', timezone: 'UTC' } } });
    const ids = await queued(2);

    await send(ids);

    expect(messenger.calls).toEqual([]);
    expect(gate.deferrals.deferred.map(({ until, slotSessionId }) => [until.toISOString(), slotSessionId])).toEqual([
      ['2026-12-02T11:30:00.000Z', null],
      ['2026-12-02T11:30:00.000Z', null],
    ]);
  });

  it('sends through the fallback session when its own is expired, and says so in the history', async () => {
    sessions.add(session, 'expired');
    await gate.settings.change(OWNER_ID, session.id, { pace: { perMinute: 60_000 }, fallbackSessionId: FALLBACK_ID });
    const [id] = await queued(1);

    await send([id]);

    expect(status(id)).toBe('sent');
    expect(sessionOfCall(0)).toBe(FALLBACK_ID);
    expect(messages.stored(id).history.find(({ status }) => status === 'sending')?.detail).toBe(`attempt 1 through fallback session ${FALLBACK_ID}: session ${session.id} is expired`);
    expect(gate.metrics.counts.get(`failed over ${PHONE_DESCRIPTOR.name}`)).toBe(1);
  });

  it('opens the breaker after 3 retryable failures in a row, then sends through the fallback; a probe after the cool-down closes it', async () => {
    await gate.settings.change(OWNER_ID, session.id, { pace: { perMinute: 60_000 }, fallbackSessionId: FALLBACK_ID });
    await gate.settings.change(OWNER_ID, FALLBACK_ID, { pace: { perMinute: 60_000 } });
    const ids = await queued(5);
    messenger.failNext(...[1, 2, 3].map(() => new ProviderUnavailable('503 Service Unavailable', '503', null)));

    for (const id of ids.slice(0, 3)) expect((await send([id])).get(id)).toBeInstanceOf(ProviderUnavailable);
    expect(gate.breakers.breakers.get(session.id)).toMatchObject({ state: 'open', failures: 3 });

    await send([ids[0], ids[3]]);
    expect([sessionOfCall(3), sessionOfCall(4)]).toEqual([FALLBACK_ID, FALLBACK_ID]);
    expect([status(ids[0]), status(ids[3])]).toEqual(['sent', 'sent']);

    gate.clock.advance(30_000);
    await send([ids[1], ids[2]]);
    expect([sessionOfCall(5), sessionOfCall(6)].sort()).toEqual([session.id, FALLBACK_ID].sort());
    expect(gate.breakers.breakers.get(session.id)).toMatchObject({ state: 'closed', failures: 0 });

    await send([ids[4]]);
    expect(sessionOfCall(7)).toBe(session.id);
  });

  it('holds the messages of an open breaker without a fallback until its probe is due, as breaker holds', async () => {
    await gate.settings.change(OWNER_ID, session.id, { pace: { perMinute: 60_000 } });
    const ids = await queued(4);
    messenger.failNext(...[1, 2, 3].map(() => new ProviderUnavailable('503 Service Unavailable', '503', null)));
    for (const id of ids.slice(0, 3)) await send([id]);

    const failures = await send([ids[3]]);

    expect(failures.size).toBe(0);
    expect(messenger.calls).toHaveLength(3);
    expect(gate.deferrals.deferred).toEqual([{ messageId: ids[3], correlationId: `req-${ids[3]}`, until: new Date(gate.clock.time.getTime() + 30_000), slotSessionId: null }]);
    expect(gate.metrics.counts.get(`held ${PHONE_DESCRIPTOR.name} breaker`)).toBe(1);
  });

  it("holds a message of an expired session while its fallback's breaker is open, instead of failing it", async () => {
    sessions.add(session, 'expired');
    await gate.settings.change(OWNER_ID, session.id, { fallbackSessionId: FALLBACK_ID });
    await gate.breakers.record(FALLBACK_ID, 0, 3, gate.clock.now(), 3);
    const [id] = await queued(1);

    const failures = await send([id]);

    expect(failures.size).toBe(0);
    expect(status(id)).toBe('queued');
    expect(gate.deferrals.deferred).toEqual([{ messageId: id, correlationId: `req-${id}`, until: new Date(gate.clock.time.getTime() + 30_000), slotSessionId: null }]);
  });
});
