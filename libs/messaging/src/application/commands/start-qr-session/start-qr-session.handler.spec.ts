import { handlerTestingModule } from '@app/platform/testing/handler-testing-module';
import { MessengerUnavailable, WrongConnectStyle } from '../../../domain/session.errors';
import { FakeOtpMessenger, FakeQrMessenger } from '../../../testing/fake-messengers';
import { OWNER_ID } from '../../../testing/in-memory-messaging';
import { FakeSessionCipher, FixedWebhookUrls, InMemorySessionRepository, sessionProviders } from '../../../testing/in-memory-sessions';
import { StartQrSessionCommand } from './start-qr-session.command';
import { StartQrSessionHandler, webhookSecretHash } from './start-qr-session.handler';

describe('StartQrSessionHandler', () => {
  let sessions: InMemorySessionRepository;
  let qr: FakeQrMessenger;
  const start = async (options: { cipher?: FakeSessionCipher; webhooks?: FixedWebhookUrls } = {}, messenger = 'fake-qr') => {
    const providers = sessionProviders([qr, new FakeOtpMessenger()], sessions, options.cipher, options.webhooks);
    const handler = (await handlerTestingModule([StartQrSessionHandler, ...providers])).get(StartQrSessionHandler);
    return handler.execute(new StartQrSessionCommand(OWNER_ID, messenger));
  };

  beforeEach(() => {
    sessions = new InMemorySessionRepository();
    qr = new FakeQrMessenger();
  });

  it("gives the provider the session's webhook URL and secret, and keeps only the secret's hash", async () => {
    const view = await start();
    const [{ sessionId, webhookUrl, webhookSecret }] = qr.starts;
    expect(sessionId).toBe(view.id);
    expect(webhookSecret).toMatch(/^[\w-]{43}$/);
    expect(webhookUrl).toBe(`https://missive.example.com/v1/webhooks/fake-qr/${view.id}?token=${webhookSecret}`);
    expect(sessions.stored(view.id)).toMatchObject({ status: 'pending_qr', webhookSecretHash: webhookSecretHash(webhookSecret) });
    expect(JSON.stringify(sessions.stored(view.id))).not.toContain(webhookSecret);
    expect(view.qr).toEqual({ code: `qr-0-${view.id}`, pairing_code: 'PAIR0000' });
  });

  it('hands a null webhook URL when no public address is set', async () => {
    await start({ webhooks: new FixedWebhookUrls(null) });
    expect(qr.starts[0].webhookUrl).toBeNull();
  });

  it('asks nothing of the provider when sessions cannot be stored, or the messenger connects another way', async () => {
    await expect(start({ cipher: new FakeSessionCipher('set SESSION_ENCRYPTION_KEY') })).rejects.toThrow(MessengerUnavailable);
    await expect(start({}, 'fake-otp')).rejects.toThrow(new WrongConnectStyle('fake-otp', 'otp', 'POST /v1/messaging/sessions/otp'));
    expect(qr.starts).toEqual([]);
    expect(sessions.rows.size).toBe(0);
  });
});
