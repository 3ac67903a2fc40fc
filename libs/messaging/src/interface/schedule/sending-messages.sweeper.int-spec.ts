import { Test, TestingModule } from '@nestjs/testing';
import { TransactionHost } from '@nestjs-cls/transactional';
import { DataSource } from 'typeorm';
import { Metrics, PlatformModule } from '@app/platform';
import { uuidV7 } from '@app/shared-kernel';
import { testConfig } from '../../../../../test/test-config';
import { TwilioStub, twilioAccountSid } from '../../../../../test/stubs/twilio.stub';
import { SendLimits } from '../../application/commands/send-messages/send-limits';
import { MessengerRegistry } from '../../application/messenger-registry';
import { MessageRepository } from '../../application/ports/message.repository';
import { SenderSessions } from '../../application/ports/sender-sessions';
import { Message } from '../../domain/message.aggregate';
import { TwilioSmsMessenger } from '../../infrastructure/messengers/sms/twilio-sms.messenger';
import { TwilioSettings } from '../../infrastructure/messengers/sms/twilio.settings';
import { MessagingModule } from '../../messaging.module';
import { FakeMessenger, aQueuedMessage } from '../../testing/in-memory-messaging';
import { InMemorySenderSessions, PHONE_DESCRIPTOR, aSession } from '../../testing/in-memory-senders';
import { SendingMessagesSweeper } from './sending-messages.sweeper';

const TIMEOUT_MS = 60_000;
const RESENDS = new FakeMessenger({ ...PHONE_DESCRIPTOR, name: 'resends', crashRecovery: 'resend' });
const UNKNOWABLE = new FakeMessenger({ ...PHONE_DESCRIPTOR, name: 'unknowable', crashRecovery: 'unknown' });

describe('SendingMessagesSweeper on PostgreSQL: messages a crash left sending, by recovery policy', () => {
  let moduleRef: TestingModule;
  let stub: TwilioStub;
  let sms: TwilioSmsMessenger;
  let sweeper: SendingMessagesSweeper;
  let messages: MessageRepository;
  let txHost: TransactionHost;
  let data: DataSource;
  const sessions = new InMemorySenderSessions();
  const accountSid = twilioAccountSid();
  const ownerId = uuidV7();
  const session = sessions.add(aSession({ id: uuidV7(), ownerId, messenger: 'sms', address: '+15005550006', secrets: { account_sid: accountSid, auth_token: 'token-0123456789abcdef0123', from: '+15005550006' } }));

  beforeAll(async () => {
    stub = await TwilioStub.start();
    stub.addAccount(accountSid, 'token-0123456789abcdef0123');
    sms = new TwilioSmsMessenger(TwilioSettings.fromEnv({ TWILIO_API_BASE_URL: stub.url }));
    moduleRef = await Test.createTestingModule({ imports: [PlatformModule.forRoot(testConfig()), MessagingModule], providers: [SendingMessagesSweeper] })
      .overrideProvider(MessengerRegistry)
      .useValue(new MessengerRegistry([sms, RESENDS, UNKNOWABLE]))
      .overrideProvider(SenderSessions)
      .useValue(sessions)
      .overrideProvider(SendLimits)
      .useValue({ perSession: 10, sendingTimeoutMs: TIMEOUT_MS } satisfies SendLimits)
      .compile();
    await moduleRef.init();
    sweeper = moduleRef.get(SendingMessagesSweeper);
    messages = moduleRef.get(MessageRepository);
    txHost = moduleRef.get(TransactionHost);
    data = moduleRef.get(DataSource);
  }, 30_000);

  afterAll(async () => {
    await moduleRef?.close();
    await stub?.close();
  });

  const longAgo = () => new Date(Date.now() - 10 * TIMEOUT_MS);
  /** A message whose attempt started at `at` and whose outcome a crash never let us record. */
  const leftSending = async (messenger: string, at = longAgo(), text = `hello ${uuidV7()}`) => {
    const message = aQueuedMessage({ ownerId, messenger, to: '+14155550123', text, sessionId: messenger === 'sms' ? session.id : null });
    message.markSending(at);
    message.pullEvents();
    await txHost.withTransaction(() => messages.save(message));
    return message;
  };
  const stored = async (message: Message) => (await txHost.withTransaction(() => messages.findForUpdate(message.id)))!.snapshot();
  const sendCommands = async (message: Message) =>
    Number((await data.query(`SELECT count(*) FROM platform.outbox WHERE type = 'messaging.send-message' AND payload->>'message_id' = $1`, [message.id]))[0].count);
  const counted = async (name: string, labels: string) => {
    const text = await moduleRef.get(Metrics).registry.metrics();
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };

  it('lookup (sms): settles as sent, with its sid, a message Twilio took before the crash, without sending it again', async () => {
    const message = await leftSending('sms');
    const taken = await sms.send({ messageId: message.id, ownerId, to: '+14155550123', text: message.snapshot().text, session });
    const before = stub.accepted.length;

    const recovered = await sweeper.sweep();

    expect(recovered).toContainEqual({ messageId: message.id, messenger: 'sms', policy: 'lookup', outcome: 'sent' });
    expect(await stored(message)).toMatchObject({ status: 'sent', providerMessageId: taken.providerMessageId, attempts: 1 });
    expect(stub.accepted.length).toBe(before);
    expect(await sendCommands(message)).toBe(0);
  });

  it('lookup (sms): sends again a message Twilio never got, by a new send command, and it reads retrying', async () => {
    const message = await leftSending('sms');

    await sweeper.sweep();

    expect(await stored(message)).toMatchObject({ status: 'retrying', attempts: 1 });
    expect((await stored(message)).history.at(-1)!.detail).toContain('the provider has no such message: sent again');
    expect(await sendCommands(message)).toBe(1);
  });

  it('lookup (sms): leaves the message for the next sweep when Twilio cannot be asked now', async () => {
    const message = await leftSending('sms');
    stub.failNext('server-error', { times: 3 });

    await sweeper.sweep();
    stub.reset();

    expect((await stored(message)).status).toBe('sending');
    await sweeper.sweep();
    expect((await stored(message)).status).toBe('retrying');
  });

  it('resend: sends it again by a new send command (at least once)', async () => {
    const message = await leftSending('resends');
    const before = await counted('missive_send_recoveries_total', 'messenger="resends",policy="resend",outcome="resent"');

    await sweeper.sweep();

    expect(await stored(message)).toMatchObject({ status: 'retrying', nextAttemptAt: expect.any(Date) });
    expect(await sendCommands(message)).toBe(1);
    expect(await counted('missive_send_recoveries_total', 'messenger="resends",policy="resend",outcome="resent"')).toBe(before + 1);
  });

  it('unknown: marks it unknown with why, sends nothing, and counts it in missive_messages_unknown_total', async () => {
    const message = await leftSending('unknowable');
    const before = await counted('missive_messages_unknown_total', 'messenger="unknowable"');

    await sweeper.sweep();

    expect(await stored(message)).toMatchObject({ status: 'unknown', attempts: 1 });
    expect((await stored(message)).lastError).toContain('whether it was sent is unknown');
    expect(await sendCommands(message)).toBe(0);
    expect(await counted('missive_messages_unknown_total', 'messenger="unknowable"')).toBe(before + 1);
  });

  it('leaves alone a message sending for less than SENDING_TIMEOUT: its call may still be running', async () => {
    const message = await leftSending('unknowable', new Date());

    await sweeper.sweep();

    expect((await stored(message)).status).toBe('sending');
  });

  it('settles a message once when two replicas sweep at the same time', async () => {
    const message = await leftSending('resends');

    const [first, second] = await Promise.all([sweeper.sweep(), sweeper.sweep()]);

    expect([...first, ...second].filter(({ messageId }) => messageId === message.id)).toHaveLength(1);
    expect(await sendCommands(message)).toBe(1);
  });
});
