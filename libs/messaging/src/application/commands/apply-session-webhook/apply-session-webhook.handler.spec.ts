import { handlerTestingModule } from '@app/platform/testing/handler-testing-module';
import { Session } from '../../../domain/session.aggregate';
import { WebhookRefused } from '../../../domain/session.errors';
import { FakeQrMessenger } from '../../../testing/fake-messengers';
import { OWNER_ID } from '../../../testing/in-memory-messaging';
import { InMemorySessionRepository, sessionProviders } from '../../../testing/in-memory-sessions';
import { webhookSecretHash } from '../start-qr-session/start-qr-session.handler';
import { ApplySessionWebhookCommand } from './apply-session-webhook.command';
import { ApplySessionWebhookHandler } from './apply-session-webhook.handler';

const TOKEN = 'the-session-token';
const OPEN = { event: 'connection.update', data: { state: 'open', number: '+12015550122' } };

describe('ApplySessionWebhookHandler', () => {
  let sessions: InMemorySessionRepository;
  let handler: ApplySessionWebhookHandler;
  let id: string;
  const receive = (token: string | null, body: unknown, messenger = 'fake-qr') => handler.execute(new ApplySessionWebhookCommand(messenger, id, token, body));

  beforeEach(async () => {
    sessions = new InMemorySessionRepository();
    const qr = new FakeQrMessenger();
    handler = (await handlerTestingModule([ApplySessionWebhookHandler, ...sessionProviders([qr], sessions)])).get(ApplySessionWebhookHandler);
    const session = Session.awaitingQr({ ownerId: OWNER_ID, messenger: 'fake-qr', state: { instance: 'i' }, qr: { code: 'q', pairingCode: null }, webhookSecretHash: webhookSecretHash(TOKEN) });
    await sessions.add(session);
    id = session.id;
  });

  it('refuses a wrong, missing or other messenger token and changes nothing', async () => {
    await expect(receive('wrong', OPEN)).rejects.toThrow(WebhookRefused);
    await expect(receive(null, OPEN)).rejects.toThrow(WebhookRefused);
    await expect(receive(TOKEN, OPEN, 'fake-otp')).rejects.toThrow(WebhookRefused);
    expect(sessions.stored(id)?.status).toBe('pending_qr');
  });

  it('applies the events that still fit, and ignores late and unknown ones', async () => {
    expect(await receive(TOKEN, OPEN)).toEqual({ applied: 1 });
    expect(sessions.stored(id)).toMatchObject({ status: 'active', address: '+12015550122', secrets: { instance: 'i' } });
    expect(await receive(TOKEN, OPEN)).toEqual({ applied: 0 });
    expect(await receive(TOKEN, { event: 'qrcode.updated', data: { code: 'late' } })).toEqual({ applied: 0 });
    expect(await receive(TOKEN, { event: 'messages.upsert' })).toEqual({ applied: 0 });
    expect(await receive(TOKEN, { event: 'connection.update', data: { state: 'close', reason: 'logged out' } })).toEqual({ applied: 1 });
    expect(sessions.stored(id)).toMatchObject({ status: 'expired', reason: 'logged out' });
  });
});
