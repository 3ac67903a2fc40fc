import { createServer } from 'node:net';
import { freePort } from '@app/platform';
import { uuidV7 } from '@app/shared-kernel';
import { SmtpStub } from '../../../../../../test/stubs/smtp.stub';
import { OutgoingAttachment, OutgoingMessage, SenderSession } from '../../../application/ports/messenger';
import { CredentialsRefused, MessageRefused, ProviderUnavailable, SessionAuthRevoked } from '../../../domain/messenger.errors';
import { SmtpEmailMessenger } from './smtp-email.messenger';
import { SmtpSettings } from './smtp.settings';

const USER = 'sender@example.com';
const PASSWORD = 'correct horse battery staple';

describe('SmtpEmailMessenger against a real SMTP server (smtp-server)', () => {
  let smtp: SmtpStub;
  let email: SmtpEmailMessenger;
  const env = { SMTP_REQUIRE_TLS: 'false', SMTP_TIMEOUT: '2s' };

  beforeAll(async () => {
    smtp = await SmtpStub.start({ users: { [USER]: PASSWORD } });
  });

  afterAll(async () => {
    await smtp.close();
  });

  beforeEach(() => {
    email = new SmtpEmailMessenger(SmtpSettings.fromEnv(env));
  });

  afterEach(() => {
    email.onModuleDestroy();
  });

  const credentials = (fields: Record<string, unknown> = {}) => ({ host: '127.0.0.1', port: smtp.port, secure: false, user: USER, password: PASSWORD, from: 'Missive <Sender@Example.com>', ...fields });
  const session = (fields: Record<string, unknown> = {}): SenderSession => ({ id: uuidV7(), ownerId: uuidV7(), messenger: 'email', address: USER, secrets: credentials(fields) });
  const outgoing = (fields: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
    messageId: uuidV7(),
    ownerId: uuidV7(),
    to: 'alice@example.org',
    text: 'Hello Alice\nSee you tomorrow.',
    session: session(),
    ...fields,
  });

  describe('send', () => {
    it('delivers text, HTML and attachments with a Message-ID derived from our message id', async () => {
      const pdf = Buffer.from('%PDF-1.4 a tiny pdf');
      const attachment: OutgoingAttachment = { fileId: uuidV7(), fileName: 'invoice.pdf', contentType: 'application/pdf', size: pdf.length, url: null, read: async () => pdf };
      const message = outgoing({ subject: 'Your invoice', html: '<p>Hello <b>Alice</b></p>', attachments: [attachment] });

      const receipt = await email.send(message);

      expect(receipt.providerMessageId).toBe(`<${message.messageId}@example.com>`);
      const [mail] = smtp.withMessageId(receipt.providerMessageId);
      expect(mail).toMatchObject({ from: 'Sender@example.com', to: ['alice@example.org'], user: USER });
      expect(mail.parsed.from?.value).toEqual([{ address: 'Sender@example.com', name: 'Missive' }]);
      expect(mail.parsed.to).toMatchObject({ value: [{ address: 'alice@example.org', name: '' }] });
      expect(mail.parsed.subject).toBe('Your invoice');
      expect(mail.parsed.text?.trim()).toBe('Hello Alice\nSee you tomorrow.');
      expect(mail.parsed.html).toContain('<p>Hello <b>Alice</b></p>');
      expect(mail.parsed.attachments).toHaveLength(1);
      expect(mail.parsed.attachments[0]).toMatchObject({ filename: 'invoice.pdf', contentType: 'application/pdf' });
      expect(mail.parsed.attachments[0].content.equals(pdf)).toBe(true);
    });

    it("makes the subject from the text's first line, and a resend carries the same Message-ID", async () => {
      const message = outgoing();

      const first = await email.send(message);
      const again = await email.send(message);

      expect(again).toEqual(first);
      const copies = smtp.withMessageId(first.providerMessageId);
      expect(copies.map((mail) => mail.parsed.subject)).toEqual(['Hello Alice', 'Hello Alice']);
      expect(copies[0].parsed.html).toBe(false);
    });

    it('takes the Message-ID domain from MISSIVE_MESSAGE_ID_DOMAIN when set', async () => {
      email = new SmtpEmailMessenger(SmtpSettings.fromEnv({ ...env, MISSIVE_MESSAGE_ID_DOMAIN: 'Mail.Missive.Example' }));
      const message = outgoing();

      await expect(email.send(message)).resolves.toEqual({ providerMessageId: `<${message.messageId}@mail.missive.example>` });
    });

    it("reuses a session's pooled connection for its next messages", async () => {
      const from = session();
      const before = smtp.connections;

      await email.send(outgoing({ session: from }));
      await email.send(outgoing({ session: from }));
      await email.send(outgoing({ session: from }));

      expect(smtp.connections - before).toBe(1);
    });

    it('retries a greylisted recipient (451)', async () => {
      smtp.greylist('grey@example.org');

      const error = await email.send(outgoing({ to: 'grey@example.org' })).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ProviderUnavailable);
      expect(error).toMatchObject({ code: '451', message: expect.stringContaining('Greylisted') });
    });

    it('retries a message the server defers at the end of DATA (421)', async () => {
      smtp.refuseNextData(421, '4.3.2 Service shutting down');

      await expect(email.send(outgoing())).rejects.toMatchObject({ name: 'ProviderUnavailable', code: '421' });
    });

    it('fails the message for good with the SMTP code on a rejected mailbox (550) or a refused message (553)', async () => {
      smtp.reject('nobody@example.org');

      const rejected = await email.send(outgoing({ to: 'nobody@example.org' })).catch((caught: unknown) => caught);
      smtp.refuseNextData(553, '5.7.1 Message refused');
      const refused = await email.send(outgoing()).catch((caught: unknown) => caught);

      expect(rejected).toBeInstanceOf(MessageRefused);
      expect(rejected).toMatchObject({ code: '550', message: expect.stringContaining('Mailbox unavailable') });
      expect(refused).toMatchObject({ code: '553' });
      expect(refused).toBeInstanceOf(MessageRefused);
    });

    it('expires the session when the server refuses its login (535)', async () => {
      const revoked = session({ password: 'rotated' });

      const error = await email.send(outgoing({ session: revoked })).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(SessionAuthRevoked);
      expect(error).toMatchObject({ code: '535' });
    });

    it('retries when nothing listens at the host and port', async () => {
      const port = await freePort();

      await expect(email.send(outgoing({ session: session({ port }) }))).rejects.toMatchObject({ name: 'ProviderUnavailable', code: 'ECONNREFUSED' });
    });

    it('retries when the server does not greet within SMTP_TIMEOUT', async () => {
      const silent = createServer(() => undefined);
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      email = new SmtpEmailMessenger(SmtpSettings.fromEnv({ ...env, SMTP_TIMEOUT: '200ms' }));
      try {
        const error = await email.send(outgoing({ session: session({ port: (silent.address() as { port: number }).port }) })).catch((caught: unknown) => caught);

        expect(error).toBeInstanceOf(ProviderUnavailable);
        expect(error).toMatchObject({ code: 'ETIMEDOUT' });
      } finally {
        silent.close();
      }
    });

    it('refuses a message without a session, and expires a session whose secrets are unusable', async () => {
      await expect(email.send(outgoing({ session: null }))).rejects.toBeInstanceOf(MessageRefused);
      await expect(email.send(outgoing({ session: session({ from: 'not an address' }) }))).rejects.toBeInstanceOf(SessionAuthRevoked);
    });
  });

  describe('connectWithCredentials', () => {
    it('logs in without sending anything, and answers active with the sender address', async () => {
      const before = smtp.received.length;

      const step = await email.connectWithCredentials(credentials());

      expect(step).toEqual({ status: 'active', secrets: credentials(), address: 'sender@example.com' });
      expect(smtp.received).toHaveLength(before);
    });

    it('says the login was refused', async () => {
      await expect(email.connectWithCredentials(credentials({ password: 'wrong' }))).rejects.toThrow(
        new CredentialsRefused('email: the SMTP server refused the login: 535 5.7.8 Authentication credentials invalid'),
      );
    });

    it('says the host could not be reached', async () => {
      const port = await freePort();

      await expect(email.connectWithCredentials(credentials({ port }))).rejects.toThrow(new RegExp(`^email: 127.0.0.1:${port} could not be reached: .*ECONNREFUSED`));
    });

    it('says TLS failed when the server has an untrusted certificate', async () => {
      const tls = await SmtpStub.start({ users: { [USER]: PASSWORD }, secure: true });
      try {
        await expect(email.connectWithCredentials(credentials({ port: tls.port, secure: true }))).rejects.toThrow(new RegExp(`^email: TLS with 127.0.0.1:${tls.port} failed: .*certificate`));
      } finally {
        await tls.close();
      }
    });

    it('will not log in over a connection with no TLS when SMTP_REQUIRE_TLS is on', async () => {
      email = new SmtpEmailMessenger(SmtpSettings.fromEnv({ SMTP_TIMEOUT: '2s' }));

      await expect(email.connectWithCredentials(credentials())).rejects.toThrow(/^email: TLS with 127.0.0.1:\d+ failed/);
    });

    it('refuses malformed credentials before connecting', async () => {
      const before = smtp.connections;

      await expect(email.connectWithCredentials(credentials({ host: 'smtp example' }))).rejects.toThrow('email: host must be a host name such as smtp.example.com');
      await expect(email.connectWithCredentials(credentials({ port: 70_000 }))).rejects.toThrow(/port must be a whole number/);
      await expect(email.connectWithCredentials(credentials({ password: '' }))).rejects.toThrow(/password is required/);
      await expect(email.connectWithCredentials(credentials({ from: 'Missive <nobody>' }))).rejects.toThrow(/from must be an email address/);
      expect(smtp.connections).toBe(before);
    });
  });
});
