import { handlerTestingModule } from '@app/platform/testing/handler-testing-module';
import { InvalidCode, InvalidPassword, ProviderUnavailable } from '../../../domain/messenger.errors';
import { Session } from '../../../domain/session.aggregate';
import { SessionNotAwaiting, SessionNotFound } from '../../../domain/session.errors';
import { FAKE_CODE, FAKE_PASSWORD, FakeOtpMessenger } from '../../../testing/fake-messengers';
import { OWNER_ID } from '../../../testing/in-memory-messaging';
import { InMemorySessionRepository, sessionProviders } from '../../../testing/in-memory-sessions';
import { VerifySessionCommand } from './verify-session.command';
import { VerifySessionHandler } from './verify-session.handler';

describe('VerifySessionHandler', () => {
  let sessions: InMemorySessionRepository;
  let messenger: FakeOtpMessenger;
  let handler: VerifySessionHandler;
  const pending = async (phone = '+12015550123') => {
    const session = Session.awaitingCode({ ownerId: OWNER_ID, messenger: 'fake-otp', address: phone, state: { phone } });
    await sessions.add(session);
    return session.id;
  };
  const verify = (id: string, step: 'code' | 'password', secret: string, ownerId = OWNER_ID) => handler.execute(new VerifySessionCommand(ownerId, id, step, secret));

  beforeEach(async () => {
    sessions = new InMemorySessionRepository();
    messenger = new FakeOtpMessenger();
    handler = (await handlerTestingModule([VerifySessionHandler, ...sessionProviders([messenger], sessions)])).get(VerifySessionHandler);
  });

  it('turns the session active with the secrets the adapter hands over', async () => {
    const id = await pending();
    expect(await verify(id, 'code', FAKE_CODE)).toMatchObject({ status: 'active', address: '+12015550123' });
    expect(sessions.stored(id)?.secrets).toEqual({ session: 'SESSION-STRING-+12015550123' });
  });

  it('goes through the password step, keeping the adapter state between', async () => {
    const id = await pending('+12015550199');
    expect(await verify(id, 'code', FAKE_CODE)).toMatchObject({ status: 'pending_password' });
    expect(sessions.stored(id)?.secrets).toEqual({ phone: '+12015550199', srp: 'srp-params' });
    await expect(verify(id, 'password', 'nope')).rejects.toThrow(new InvalidPassword('The password is wrong: 4 attempts left.'));
    expect(await verify(id, 'password', FAKE_PASSWORD)).toMatchObject({ status: 'active' });
  });

  it('stores each wrong code, and locks the session at the fifth', async () => {
    const id = await pending();
    for (let left = 4; left > 0; left--) await expect(verify(id, 'code', '0')).rejects.toThrow(new InvalidCode(`The code is wrong: ${left} attempts left.`));
    await expect(verify(id, 'code', '0')).rejects.toThrow(/locked \(failed\)/);
    expect(sessions.stored(id)).toMatchObject({ status: 'failed', attempts: 5 });
    await expect(verify(id, 'code', FAKE_CODE)).rejects.toThrow(SessionNotAwaiting);
  });

  it('counts no attempt when the provider could not answer', async () => {
    const id = await pending();
    jest.spyOn(messenger, 'verifyCode').mockRejectedValueOnce(new ProviderUnavailable('timeout'));
    await expect(verify(id, 'code', FAKE_CODE)).rejects.toThrow(ProviderUnavailable);
    expect(sessions.stored(id)).toMatchObject({ status: 'pending_code', attempts: 0 });
  });

  it("does not find another owner's session, nor ask the provider about it", async () => {
    const id = await pending();
    const asked = jest.spyOn(messenger, 'verifyCode');
    await expect(verify(id, 'code', FAKE_CODE, '0190a000-0000-7000-8000-0000000000b2')).rejects.toThrow(SessionNotFound);
    expect(asked).not.toHaveBeenCalled();
  });
});
