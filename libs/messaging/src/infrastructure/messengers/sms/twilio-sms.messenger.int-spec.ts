import { ConfigError, freePort } from '@app/platform';
import { uuidV7 } from '@app/shared-kernel';
import { TwilioStub, twilioAccountSid } from '../../../../../../test/stubs/twilio.stub';
import { OutgoingAttachment, OutgoingMessage, SenderSession } from '../../../application/ports/messenger';
import { CredentialsRefused, MessageRefused, ProviderUnavailable, SessionAuthRevoked } from '../../../domain/messenger.errors';
import { TwilioSmsMessenger } from './twilio-sms.messenger';
import { TwilioSettings } from './twilio.settings';

const SID = /^SM[0-9a-f]{32}$/;
const FROM = '+15005550006';

describe('TwilioSmsMessenger against a Twilio stub', () => {
  let stub: TwilioStub;
  let sms: TwilioSmsMessenger;
  let accountSid: string;
  const authToken = 'test-auth-token-0123456789abcdef';

  beforeAll(async () => {
    stub = await TwilioStub.start();
  });

  afterAll(async () => {
    await stub.close();
  });

  beforeEach(() => {
    accountSid = twilioAccountSid();
    stub.addAccount(accountSid, authToken);
    stub.reset();
    sms = new TwilioSmsMessenger(TwilioSettings.fromEnv({ TWILIO_API_BASE_URL: `${stub.url}/`, TWILIO_REQUEST_TIMEOUT: '300ms', PUBLIC_BASE_URL: 'https://missive.example.com' }));
  });

  const session = (secrets: Record<string, unknown> = {}): SenderSession => ({
    id: uuidV7(),
    ownerId: uuidV7(),
    messenger: 'sms',
    address: FROM,
    secrets: { account_sid: accountSid, auth_token: authToken, from: FROM, ...secrets },
  });
  const outgoing = (fields: Partial<OutgoingMessage> = {}): OutgoingMessage => ({ messageId: uuidV7(), ownerId: uuidV7(), to: '+14155550123', text: 'Your code is 1234', session: session(), ...fields });
  const callsFor = (messageId: string) => stub.calls.filter((call) => call.headers['i-twilio-idempotency-token'] === messageId);

  describe('send', () => {
    it("posts the message form-encoded with Basic auth, the status callback and our id as idempotency token, and answers Twilio's sid", async () => {
      const message = outgoing();

      const receipt = await sms.send(message);

      expect(receipt.providerMessageId).toMatch(SID);
      const [call] = callsFor(message.messageId);
      expect(call).toMatchObject({ method: 'POST', path: `/2010-04-01/Accounts/${accountSid}/Messages.json` });
      expect(call.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(call.headers.authorization).toBe(`Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`);
      expect(call.form).toEqual({ To: ['+14155550123'], Body: ['Your code is 1234'], From: [FROM], StatusCallback: ['https://missive.example.com/v1/webhooks/twilio'] });
      expect(stub.accepted.find((accepted) => accepted.sid === receipt.providerMessageId)).toMatchObject({ to: '+14155550123', from: FROM, status: 'queued' });
    });

    it('sends from a messaging service when `from` is an MG sid, and leaves StatusCallback out without PUBLIC_BASE_URL', async () => {
      const service = `MG${'ab'.repeat(16)}`;
      sms = new TwilioSmsMessenger(TwilioSettings.fromEnv({ TWILIO_API_BASE_URL: stub.url }));
      const message = outgoing({ session: session({ from: service }) });

      await sms.send(message);

      expect(callsFor(message.messageId)[0].form).toEqual({ To: ['+14155550123'], Body: ['Your code is 1234'], MessagingServiceSid: [service] });
    });

    it('sends an MMS with one MediaUrl per attachment, and refuses an attachment Twilio could not fetch', async () => {
      const attachment = (url: string | null): OutgoingAttachment => ({ fileId: uuidV7(), fileName: 'cat.png', contentType: 'image/png', size: 10, url, read: async () => Buffer.alloc(10) });
      const message = outgoing({ attachments: [attachment('https://files.example.com/a.png'), attachment('https://files.example.com/b.png')] });

      const receipt = await sms.send(message);

      expect(receipt.providerMessageId).toMatch(/^MM[0-9a-f]{32}$/);
      expect(callsFor(message.messageId)[0].form.MediaUrl).toEqual(['https://files.example.com/a.png', 'https://files.example.com/b.png']);
      await expect(sms.send(outgoing({ attachments: [attachment(null)] }))).rejects.toBeInstanceOf(MessageRefused);
    });

    it('answers the first sid when the same message is sent again, and Twilio records it once', async () => {
      const message = outgoing();

      const first = await sms.send(message);
      const again = await sms.send(message);

      expect(again).toEqual(first);
      expect(callsFor(message.messageId)).toHaveLength(2);
      expect(stub.accepted.filter((accepted) => accepted.sid === first.providerMessageId)).toHaveLength(1);
    });

    it("waits the Retry-After of Twilio's 429 (20429)", async () => {
      stub.failNext('rate-limit', { retryAfterSeconds: 9 });

      const error = await sms.send(outgoing()).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ProviderUnavailable);
      expect(error).toMatchObject({ code: '20429', retryAfterMs: 9_000 });
    });

    it.each([
      ['server-error', '20500'],
      ['malformed', '502'],
    ] as const)('retries a %s', async (kind, code) => {
      stub.failNext(kind);

      const error = await sms.send(outgoing()).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ProviderUnavailable);
      expect(error).toMatchObject({ code, retryAfterMs: null });
    });

    it('retries when Twilio does not answer within TWILIO_REQUEST_TIMEOUT', async () => {
      stub.failNext('timeout');
      const started = Date.now();

      const error = await sms.send(outgoing()).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ProviderUnavailable);
      expect(error).toMatchObject({ code: 'timeout', message: 'sms: Twilio did not answer within 300 ms' });
      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it('retries a slow answer past the timeout the same way', async () => {
      stub.latency = 600;

      await expect(sms.send(outgoing())).rejects.toMatchObject({ code: 'timeout' });
    });

    it('retries when nothing listens at the base URL', async () => {
      const port = await freePort();
      sms = new TwilioSmsMessenger(TwilioSettings.fromEnv({ TWILIO_API_BASE_URL: `http://127.0.0.1:${port}` }));

      await expect(sms.send(outgoing())).rejects.toMatchObject({ name: 'ProviderUnavailable', code: 'ECONNREFUSED' });
    });

    it('expires the session when its token was revoked (401, 20003)', async () => {
      stub.revoke(accountSid);

      const error = await sms.send(outgoing()).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(SessionAuthRevoked);
      expect(error).toMatchObject({ code: '20003', message: 'sms: Twilio refused the credentials: Authenticate (Twilio 20003, HTTP 401)' });
    });

    it("fails the message for good with Twilio's code on an invalid To (21211)", async () => {
      const error = await sms.send(outgoing({ to: 'not-a-number' })).catch((caught: unknown) => caught);
      stub.failNext('invalid-to');
      const forced = await sms.send(outgoing()).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(MessageRefused);
      expect(error).toMatchObject({ code: '21211', message: "sms: Twilio refused the message: Invalid 'To' Phone Number: not-a-number (Twilio 21211, HTTP 400)" });
      expect(forced).toMatchObject({ code: '21211' });
    });

    it('refuses a message without a session, and expires a session whose secrets are unusable', async () => {
      await expect(sms.send(outgoing({ session: null }))).rejects.toBeInstanceOf(MessageRefused);
      await expect(sms.send(outgoing({ session: session({ account_sid: 'nope' }) }))).rejects.toBeInstanceOf(SessionAuthRevoked);
    });
  });

  describe('lookup', () => {
    it('answers where Twilio says a message stands, with its error code once it failed', async () => {
      const from = session();
      const { providerMessageId } = await sms.send(outgoing({ session: from }));

      expect(await sms.lookup(from, providerMessageId)).toEqual({ status: 'pending', errorCode: null, errorMessage: null });
      stub.setStatus(providerMessageId, 'undelivered', { code: 30003, message: 'Unreachable destination handset' });
      expect(await sms.lookup(from, providerMessageId)).toEqual({ status: 'failed', errorCode: '30003', errorMessage: 'Unreachable destination handset' });
      expect(stub.calls.at(-1)).toMatchObject({ method: 'GET', path: `/2010-04-01/Accounts/${accountSid}/Messages/${providerMessageId}.json` });
    });

    it("answers null for a message Twilio does not know, or another account's", async () => {
      const { providerMessageId } = await sms.send(outgoing());
      const other = twilioAccountSid();
      stub.addAccount(other, authToken);

      expect(await sms.lookup(session(), `SM${'0'.repeat(32)}`)).toBeNull();
      expect(await sms.lookup(session({ account_sid: other }), providerMessageId)).toBeNull();
      expect(await sms.lookup(session(), 'sandbox-1')).toBeNull();
    });

    it('classifies its failures as send does', async () => {
      const { providerMessageId } = await sms.send(outgoing());
      stub.failNext('rate-limit', { retryAfterSeconds: 4 });
      await expect(sms.lookup(session(), providerMessageId)).rejects.toMatchObject({ name: 'ProviderUnavailable', retryAfterMs: 4_000 });
      stub.revoke(accountSid);
      await expect(sms.lookup(session(), providerMessageId)).rejects.toBeInstanceOf(SessionAuthRevoked);
    });
  });

  describe('connectWithCredentials', () => {
    const credentials = (fields: Record<string, unknown> = {}) => ({ account_sid: accountSid, auth_token: authToken, from: FROM, ...fields });

    it('checks the credentials by fetching the account, sending nothing, and answers active with from as the address', async () => {
      const before = stub.accepted.length;

      const step = await sms.connectWithCredentials(credentials());

      expect(step).toEqual({ status: 'active', secrets: credentials(), address: FROM });
      expect(stub.calls.at(-1)).toMatchObject({ method: 'GET', path: `/2010-04-01/Accounts/${accountSid}.json` });
      expect(stub.accepted).toHaveLength(before);
    });

    it('says what Twilio refused when the token is wrong', async () => {
      await expect(sms.connectWithCredentials(credentials({ auth_token: 'wrong' }))).rejects.toThrow(
        new CredentialsRefused('sms: Twilio refused the credentials: Authenticate (Twilio 20003, HTTP 401)'),
      );
    });

    it('refuses malformed credentials before asking Twilio', async () => {
      const calls = stub.calls.length;

      await expect(sms.connectWithCredentials(credentials({ account_sid: 'AC123' }))).rejects.toThrow(/account_sid must be AC followed by 32 hex digits/);
      await expect(sms.connectWithCredentials(credentials({ from: '0612345678' }))).rejects.toThrow(/from must be an E.164 number/);
      await expect(sms.connectWithCredentials(credentials({ auth_token: '' }))).rejects.toThrow(/auth_token is required/);
      expect(stub.calls).toHaveLength(calls);
    });

    it('says Twilio could not check them when it is down or does not answer', async () => {
      stub.failNext('server-error');
      await expect(sms.connectWithCredentials(credentials())).rejects.toThrow(/could not check the credentials now: An internal server error/);
      stub.failNext('timeout');
      await expect(sms.connectWithCredentials(credentials())).rejects.toThrow(new CredentialsRefused('sms: Twilio did not answer within 300 ms, so the credentials could not be checked'));
    });
  });

  describe('TwilioSettings', () => {
    it('defaults to api.twilio.com and stops start-up with one line on a bad value', () => {
      expect(TwilioSettings.fromEnv({})).toEqual(new TwilioSettings('https://api.twilio.com', 15_000, null));
      expect(() => TwilioSettings.fromEnv({ TWILIO_API_BASE_URL: 'ftp://twilio' })).toThrow(ConfigError);
      expect(() => TwilioSettings.fromEnv({ TWILIO_REQUEST_TIMEOUT: 'soon' })).toThrow(/TWILIO_REQUEST_TIMEOUT must be a duration/);
    });
  });
});
