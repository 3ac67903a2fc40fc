import { handlerTestingModule } from '@app/platform/testing/handler-testing-module';
import { ProviderUnavailable } from '../../../domain/messenger.errors';
import { Session } from '../../../domain/session.aggregate';
import { FakeCredentialsMessenger } from '../../../testing/fake-messengers';
import { OWNER_ID } from '../../../testing/in-memory-messaging';
import { InMemorySessionRepository, sessionProviders } from '../../../testing/in-memory-sessions';
import { RevokeSessionCommand } from './revoke-session.command';
import { RevokeSessionHandler } from './revoke-session.handler';

describe('RevokeSessionHandler', () => {
  it('logs the account out at the provider, and revokes the session even when that fails', async () => {
    const sessions = new InMemorySessionRepository();
    const messenger = new FakeCredentialsMessenger();
    const handler = (await handlerTestingModule([RevokeSessionHandler, ...sessionProviders([messenger], sessions)])).get(RevokeSessionHandler);
    const connect = async () => {
      const session = Session.connected({ ownerId: OWNER_ID, messenger: 'fake-credentials', secrets: { api_key: 'k' }, address: '+12015550100' });
      await sessions.add(session);
      return session.id;
    };

    const [first, second] = [await connect(), await connect()];
    await handler.execute(new RevokeSessionCommand(OWNER_ID, first));
    jest.spyOn(messenger, 'logout').mockRejectedValueOnce(new ProviderUnavailable('503'));
    await handler.execute(new RevokeSessionCommand(OWNER_ID, second));

    expect(messenger.logouts).toEqual([expect.objectContaining({ id: first, secrets: { api_key: 'k' } })]);
    expect(sessions.stored(first)).toMatchObject({ status: 'revoked', secrets: {} });
    expect(sessions.stored(second)).toMatchObject({ status: 'revoked', secrets: {} });
  });
});
