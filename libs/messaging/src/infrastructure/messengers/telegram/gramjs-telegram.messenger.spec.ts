import { Api } from 'telegram';
import { uuidV7 } from '@app/shared-kernel';
import { ConnectStep, OutgoingMessage, SenderSession } from '../../../application/ports/messenger';
import { CodeExpired, CredentialsRefused, InvalidCode, InvalidPassword, MessageRefused, ProviderUnavailable, SessionAuthRevoked } from '../../../domain/messenger.errors';
import { FakeTelegram } from './fake-telegram.testing';
import { GramjsTelegramMessenger } from './gramjs-telegram.messenger';
import { randomIdOf } from './telegram-outgoing';
import { TelegramSettings } from './telegram.settings';

describe('GramjsTelegramMessenger at the GramJS client boundary', () => {
  let telegram: FakeTelegram;
  let messenger: GramjsTelegramMessenger;

  beforeEach(() => {
    telegram = new FakeTelegram();
    telegram.addAccount('447700900001', { id: 1001, username: 'ana', firstName: 'Ana' });
    telegram.addAccount('447700900002', { id: 1002, username: 'bob', firstName: 'Bob', password: 'correct horse' });
    telegram.addAccount('447700900003', { id: 1003, username: 'carol', firstName: 'Carol' });
    messenger = new GramjsTelegramMessenger(new TelegramSettings(12345, 'hash', 2_000, 2, 60_000), telegram);
  });

  afterEach(async () => {
    await messenger.onModuleDestroy();
  });

  const stateOf = (step: ConnectStep) => (step as { state: Record<string, unknown> }).state;
  const codeOf = (step: ConnectStep) => telegram.codes.get(String(stateOf(step).phoneCodeHash))!.code;

  async function login(phone = '+447700900001'): Promise<SenderSession> {
    const started = await messenger.startOtp(phone);
    const active = await messenger.verifyCode(stateOf(started), codeOf(started));
    if (active.status !== 'active') throw new Error(`not active: ${active.status}`);
    return { id: uuidV7(), ownerId: uuidV7(), messenger: 'telegram', address: active.address, secrets: active.secrets };
  }

  const message = (session: SenderSession, fields: Partial<OutgoingMessage> = {}): OutgoingMessage => ({ messageId: uuidV7(), ownerId: session.ownerId, to: '@carol', text: 'hi', session, ...fields });

  it('says what to set while TELEGRAM_API_ID or TELEGRAM_API_HASH is unset, and rejects a malformed id', () => {
    expect(new GramjsTelegramMessenger(TelegramSettings.fromEnv({}), telegram).unavailableReason).toMatch(/set TELEGRAM_API_ID and TELEGRAM_API_HASH/);
    expect(messenger.unavailableReason).toBeNull();
    expect(() => TelegramSettings.fromEnv({ TELEGRAM_API_ID: 'abc' })).toThrow('Invalid configuration: TELEGRAM_API_ID must be a whole number');
  });

  it('sends the code with auth.sendCode, then signs in with it: active with the phone and the StringSession as the secret', async () => {
    const started = await messenger.startOtp('+447700900001');
    expect(started).toEqual({ status: 'pending_code', state: { session: expect.any(String), phoneCodeHash: expect.any(String), phone: '+447700900001' }, hint: expect.any(String) });

    const active = await messenger.verifyCode(stateOf(started), codeOf(started));

    expect(active).toEqual({ status: 'active', secrets: { session: stateOf(started).session }, address: '+447700900001', displayName: 'Ana' });
    expect(telegram.connections.every((connection) => !connection.connected)).toBe(true);
  });

  it('asks for the two-step password on SESSION_PASSWORD_NEEDED, and checks it by SRP: a wrong one is InvalidPassword, the right one active', async () => {
    const started = await messenger.startOtp('+447700900002');
    const pending = await messenger.verifyCode(stateOf(started), codeOf(started));
    expect(pending).toMatchObject({ status: 'pending_password', state: { session: stateOf(started).session, phone: '+447700900002' } });

    await expect(messenger.verifyPassword(stateOf(pending), 'wrong horse')).rejects.toThrow(InvalidPassword);
    await expect(messenger.verifyPassword(stateOf(pending), 'correct horse')).resolves.toEqual({ status: 'active', secrets: { session: stateOf(started).session }, address: '+447700900002', displayName: 'Bob' });
  }, 20_000);

  it('answers a wrong code as InvalidCode, an expired one as CodeExpired, and an account-less phone as refused', async () => {
    const started = await messenger.startOtp('+447700900001');
    await expect(messenger.verifyCode(stateOf(started), '00000')).rejects.toThrow(InvalidCode);
    telegram.codes.get(String(stateOf(started).phoneCodeHash))!.expired = true;
    await expect(messenger.verifyCode(stateOf(started), codeOf(started))).rejects.toThrow(CodeExpired);

    const nobody = await messenger.startOtp('+447700900099');
    await expect(messenger.verifyCode(stateOf(nobody), codeOf(nobody))).rejects.toThrow(new CredentialsRefused('no Telegram account uses this phone number: sign up in a Telegram app first'));
    await expect(messenger.startOtp('+12')).rejects.toThrow(new CredentialsRefused('Telegram refused the phone number: PHONE_NUMBER_INVALID'));
  });

  it('answers FLOOD_WAIT during login as unavailable for the seconds Telegram asks', async () => {
    telegram.failNext('auth.SendCode', 420, 'FLOOD_WAIT_30');

    await expect(messenger.startOtp('+447700900001')).rejects.toMatchObject({ constructor: ProviderUnavailable, code: 'FLOOD_WAIT', retryAfterMs: 30_000 });
  });

  it('sends by username, phone and user id, with a random_id derived from our message id, handing back the message id', async () => {
    const session = await login();
    const byUsername = message(session, { to: '@carol' });

    const receipts = [await messenger.send(byUsername), await messenger.send(message(session, { to: '+447700900003' })), await messenger.send(message(session, { to: '1003' }))];

    expect(receipts).toEqual(telegram.sends.map(({ id }) => ({ providerMessageId: String(id) })));
    expect(telegram.sends.map(({ request }) => [request.className, (request.peer as Api.InputPeerUser).userId.toString(), request.message])).toEqual([
      ['messages.SendMessage', '1003', 'hi'],
      ['messages.SendMessage', '1003', 'hi'],
      ['messages.SendMessage', '1003', 'hi'],
    ]);
    expect(telegram.sends[0].request.randomId!.equals(randomIdOf(byUsername.messageId, 0))).toBe(true);
  });

  it('keeps one connected client per session across sends, at most the configured number', async () => {
    const [one, two, three] = [await login(), await login(), await login()];
    const before = telegram.connections.length;

    await messenger.send(message(one));
    await messenger.send(message(one));
    await messenger.send(message(two));
    await messenger.send(message(three));

    const made = telegram.connections.slice(before);
    expect(made).toHaveLength(3);
    expect(made.map((connection) => connection.connected)).toEqual([false, true, true]);
  });

  it('does not send twice when a send is retried after its answer was lost: Telegram deduplicates the random_id', async () => {
    const session = await login();
    const once = message(session);

    const first = await messenger.send(once);
    const again = await messenger.send(once);

    expect(telegram.sends).toHaveLength(1);
    expect(first.providerMessageId).toBe(String(telegram.sends[0].id));
    expect(again.providerMessageId).toBe(`random:${randomIdOf(once.messageId, 0).toString()}`);
  });

  it('uploads media and sends it with the text as the caption of the first', async () => {
    const session = await login();
    const file = (fileName: string, contentType: string) => ({ fileId: uuidV7(), fileName, contentType, size: 4, url: null, read: async () => Buffer.from('data') });

    await messenger.send(message(session, { attachments: [file('a.jpg', 'image/jpeg'), file('b.pdf', 'application/pdf')] }));

    const media = telegram.sends.map(({ request }) => [request.className, (request as Api.messages.SendMedia).media.className, request.message]);
    expect(media).toEqual([
      ['messages.SendMedia', 'InputMediaUploadedPhoto', 'hi'],
      ['messages.SendMedia', 'InputMediaUploadedDocument', ''],
    ]);
  });

  it('answers FLOOD_WAIT_X on a send as unavailable for X seconds', async () => {
    const session = await login();
    telegram.failNext('messages.SendMessage', 420, 'FLOOD_WAIT_42');

    await expect(messenger.send(message(session))).rejects.toMatchObject({ constructor: ProviderUnavailable, code: 'FLOOD_WAIT', retryAfterMs: 42_000 });
  });

  it('answers AUTH_KEY_UNREGISTERED, SESSION_REVOKED and USER_DEACTIVATED as auth revoked', async () => {
    const session = await login();
    telegram.failNext('messages.SendMessage', 401, 'SESSION_REVOKED');
    telegram.failNext('messages.SendMessage', 401, 'USER_DEACTIVATED');

    await expect(messenger.send(message(session))).rejects.toMatchObject({ constructor: SessionAuthRevoked, code: 'SESSION_REVOKED' });
    await expect(messenger.send(message(session))).rejects.toMatchObject({ constructor: SessionAuthRevoked, code: 'USER_DEACTIVATED' });
    telegram.revokeAll();
    await expect(messenger.send(message(session))).rejects.toMatchObject({ constructor: SessionAuthRevoked, code: 'AUTH_KEY_UNREGISTERED' });
  });

  it('refuses unknown or private recipients for good, named by the RPC error', async () => {
    const session = await login();
    telegram.failNext('messages.SendMessage', 403, 'USER_PRIVACY_RESTRICTED');

    await expect(messenger.send(message(session, { to: '@nobody_here' }))).rejects.toMatchObject({ constructor: MessageRefused, code: 'USERNAME_NOT_OCCUPIED' });
    await expect(messenger.send(message(session, { to: '+447700900404' }))).rejects.toMatchObject({ constructor: MessageRefused, code: 'PHONE_NOT_OCCUPIED' });
    await expect(messenger.send(message(session, { to: '999999' }))).rejects.toMatchObject({ constructor: MessageRefused, code: 'PEER_ID_INVALID' });
    await expect(messenger.send(message(session))).rejects.toMatchObject({ constructor: MessageRefused, code: 'USER_PRIVACY_RESTRICTED' });
  });

  it('answers Telegram server errors as unavailable', async () => {
    const session = await login();
    telegram.failNext('messages.SendMessage', 500, 'RPC_CALL_FAIL');

    await expect(messenger.send(message(session))).rejects.toMatchObject({ constructor: ProviderUnavailable, code: 'RPC_CALL_FAIL' });
  });

  it('logs the account out with auth.logOut, and takes a session already gone as done', async () => {
    const session = await login();

    await messenger.logout(session);
    await messenger.logout(session);

    await expect(messenger.send(message(session))).rejects.toMatchObject({ constructor: SessionAuthRevoked, code: 'AUTH_KEY_UNREGISTERED' });
  });
});
