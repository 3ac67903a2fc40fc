import { CommandBus } from '@nestjs/cqrs';
import { Metrics } from '@app/platform';
import { uuidV7 } from '@app/shared-kernel';
import { TwilioStub, twilioAccountSid } from '../../../../../test/stubs/twilio.stub';
import { SendMessagesCommand } from '../../application/commands/send-messages/send-messages.command';
import { standaloneSendTransactions } from '../../application/commands/send-messages/standalone-send-transactions';
import { MessageRepository } from '../../application/ports/message.repository';
import { SessionRepository } from '../../application/ports/session.repository';
import { SessionSendingSettings } from '../../application/ports/session-sending';
import { SessionBreakers } from '../../application/ports/session-breakers';
import { SessionSendingViews } from '../../application/send-gate/session-sending.view';
import { ProviderUnavailable } from '../../domain/messenger.errors';
import { Session } from '../../domain/session.aggregate';
import { aQueuedMessage } from '../../testing/in-memory-messaging';
import { sendGateOnPostgres } from './send-gate.on-postgres';

const AUTH_TOKEN = 'failover-auth-token-0123456789ab';

describe('the send gate on PostgreSQL: failover and circuit breaker against the Twilio stub', () => {
  let twilio: TwilioStub;
  beforeAll(async () => {
    twilio = await TwilioStub.start();
  });
  afterAll(async () => {
    await twilio?.close();
  });
  const on = sendGateOnPostgres(() => ({ TWILIO_API_BASE_URL: twilio.url, TWILIO_REQUEST_TIMEOUT: '2s' }));
  const ownerId = uuidV7();
  const [primarySid, fallbackSid] = [twilioAccountSid(), twilioAccountSid()];
  let primary: string;
  let fallback: string;

  const smsSession = async (accountSid: string, from: string) => {
    twilio.addAccount(accountSid, AUTH_TOKEN);
    const session = Session.connected({ ownerId, messenger: 'sms', secrets: { account_sid: accountSid, auth_token: AUTH_TOKEN, from }, address: from });
    await on.txHost.withTransaction(() => on.module.get(SessionRepository).add(session));
    return session.id;
  };
  const queued = async (count: number) => {
    const messages = Array.from({ length: count }, () => aQueuedMessage({ ownerId, messenger: 'sms', sessionId: primary, to: '+14155552671' }));
    await on.txHost.withTransaction(async () => {
      for (const message of messages) await on.module.get(MessageRepository).save(message);
    });
    return messages.map(({ id }) => id);
  };
  const send = (ids: string[]) => on.module.get(CommandBus).execute(new SendMessagesCommand(ids.map((messageId) => ({ messageId, correlationId: null })), standaloneSendTransactions(on.txHost)));
  /** The accounts the message was handed to, call by call. */
  const callsThrough = (messageId: string) =>
    twilio.calls.filter((call) => call.headers['i-twilio-idempotency-token'] === messageId).map((call) => (call.path.includes(primarySid) ? 'primary' : 'fallback'));
  const breaker = async () => (await on.db.query('SELECT state, failures FROM messaging.session_breakers WHERE session_id = $1', [primary]))[0];
  const row = async (id: string) => (await on.db.query('SELECT status FROM messaging.messages WHERE id = $1', [id]))[0];
  const history = async (id: string): Promise<{ status: string; detail: string | null }[]> =>
    on.db.query('SELECT status, detail FROM messaging.message_events WHERE message_id = $1 ORDER BY seq', [id]);

  beforeAll(async () => {
    primary = await smsSession(primarySid, '+15005550001');
    fallback = await smsSession(fallbackSid, '+15005550002');
    const settings = on.module.get(SessionSendingSettings);
    await on.txHost.withTransaction(async () => {
      await settings.change(ownerId, primary, { pace: { perMinute: 60_000 }, fallbackSessionId: fallback });
      await settings.change(ownerId, fallback, { pace: { perMinute: 60_000 } });
    });
  });

  it('opens the breaker after 3 failures of a primary that answers 503, sends through the fallback meanwhile, and closes when it recovers', async () => {
    twilio.outage(primarySid);
    const ids = await queued(5);

    for (const id of ids.slice(0, 3)) expect((await send([id])).get(id)).toBeInstanceOf(ProviderUnavailable);
    expect(await breaker()).toEqual({ state: 'open', failures: 3 });
    const metrics = await on.module.get(Metrics).registry.metrics();
    expect(metrics).toContain('missive_session_breakers{messenger="sms",state="open"} 1');
    const openedAt = on.clock.now().toISOString();
    expect((await on.module.get(SessionSendingViews).of(ownerId, primary))?.breaker).toEqual({
      state: 'open',
      failures: 3,
      opened_at: openedAt,
      probe_after: new Date(on.clock.now().getTime() + 30_000).toISOString(),
    });

    expect((await send(ids.slice(0, 4))).size).toBe(0);
    for (const id of ids.slice(0, 4)) expect((await row(id)).status).toBe('sent');
    expect(callsThrough(ids[0])).toEqual(['primary', 'fallback']);
    expect(callsThrough(ids[3])).toEqual(['fallback']);
    expect(await history(ids[3])).toEqual([
      { status: 'queued', detail: null },
      { status: 'sending', detail: `attempt 1 through fallback session ${fallback}: session ${primary} keeps failing (its circuit breaker is open)` },
      { status: 'sent', detail: null },
    ]);
    expect(await on.module.get(Metrics).registry.getSingleMetricAsString('missive_sends_failed_over_total')).toContain('missive_sends_failed_over_total{messenger="sms"} 4');

    twilio.recover(primarySid);
    on.clock.advance(30_000);
    const [probe, other] = await queued(2);
    expect((await send([probe, other])).size).toBe(0);
    expect([callsThrough(probe), callsThrough(other)]).toEqual([['primary'], ['fallback']]);
    expect(await breaker()).toEqual({ state: 'closed', failures: 0 });

    expect((await send([ids[4]])).size).toBe(0);
    expect(callsThrough(ids[4])).toEqual(['primary']);
  });

  it('gives the probe of an open breaker past its cool-down to exactly one of several replicas asking at once', async () => {
    const breakers = on.module.get(SessionBreakers);
    const sessionId = await on.session('sms');
    const at = new Date('2026-12-02T12:00:00.000Z');
    await breakers.record(sessionId, 0, 3, at, 3);

    const early = await breakers.claimProbe(sessionId, new Date(at.getTime() + 29_000), 30_000);
    const claims = await Promise.all(Array.from({ length: 4 }, () => breakers.claimProbe(sessionId, new Date(at.getTime() + 30_000), 30_000)));

    expect(early).toBe(false);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect((await breakers.states([sessionId])).get(sessionId)).toMatchObject({ state: 'half_open', failures: 3 });
    await breakers.record(sessionId, 0, 1, new Date(at.getTime() + 31_000), 3);
    expect((await breakers.states([sessionId])).get(sessionId)).toMatchObject({ state: 'open', openedAt: new Date(at.getTime() + 31_000) });
  });
});
