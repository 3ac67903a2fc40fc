import { CommandBus } from '@nestjs/cqrs';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { configureHttpApp, fastifyAdapter } from '@app/platform';
import { TransactionHost } from '@nestjs-cls/transactional';
import { SendMessagesCommand } from '@app/messaging/application/commands/send-messages/send-messages.command';
import { standaloneSendTransactions } from '@app/messaging/application/commands/send-messages/standalone-send-transactions';
import { FakeTelegram } from '@app/messaging/infrastructure/messengers/telegram/fake-telegram.testing';
import { GramjsTelegramMessenger } from '@app/messaging/infrastructure/messengers/telegram/gramjs-telegram.messenger';
import { TelegramSettings } from '@app/messaging/infrastructure/messengers/telegram/telegram.settings';
import { AppModule } from '../src/app.module';
import { testConfig } from '../../../test/test-config';
import { Gateway, Session, bearer, driveGateway, signUp } from './gateway';

const telegram = new FakeTelegram();


/** The telegram messenger through the API: code, then the two-step password, then a message sent from the account. */
describe('telegram through the API (GramJS at its client boundary)', () => {
  let gateway: Gateway;
  let owner: Session;

  beforeAll(async () => {
    telegram.addAccount('447911123456', { id: 1002, username: 'bob', firstName: 'Bob', password: 'correct horse' });
    telegram.addAccount('447700900003', { id: 1003, username: 'carol', firstName: 'Carol' });
    const settings = testConfig({ TELEGRAM_API_ID: '12345', TELEGRAM_API_HASH: 'a-test-api-hash' });
    // why: Telegram's servers are out of reach; the real adapter runs with GramJS's client swapped for one that answers
    // real Api.* objects and raises GramJS's own RPC errors (fake-telegram.testing.ts), everything else as in production.
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(settings)] })
      .overrideProvider(GramjsTelegramMessenger)
      .useFactory({ inject: [TelegramSettings], factory: (telegramSettings: TelegramSettings) => new GramjsTelegramMessenger(telegramSettings, telegram) })
      .compile();
    const app = moduleRef.createNestApplication<NestFastifyApplication>(fastifyAdapter());
    await configureHttpApp(app, { shutdownHooks: false });
    gateway = await driveGateway(app);
    owner = await signUp(gateway);
  }, 30_000);

  afterAll(() => gateway?.close());

  const call = (method: string, url: string, body?: unknown) => gateway.request(method, url, { body, headers: bearer(owner.access_token) });
  const lastCode = () => [...telegram.codes.values()].at(-1)!.code;

  it('connects a two-step account by code and password, then sends to a @username through the send path', async () => {
    const started = await call('POST', '/v1/messaging/sessions/otp', { messenger: 'telegram', phone: '+44 7911 123456' });
    expect(started).toMatchObject({ status: 201, body: { messenger: 'telegram', status: 'pending_code' } });
    const coded = await call('POST', '/v1/messaging/sessions/verify/otp', { session_id: started.body.id, code: lastCode() });
    expect(coded).toMatchObject({ status: 200, body: { status: 'pending_password' } });
    expect((await call('POST', '/v1/messaging/sessions/verify/password', { session_id: started.body.id, password: 'wrong horse' })).status).toBe(422);
    const active = await call('POST', '/v1/messaging/sessions/verify/password', { session_id: started.body.id, password: 'correct horse' });
    expect(active).toMatchObject({ status: 200, body: { status: 'active' } });
    expect(JSON.stringify(active.body)).not.toContain('correct horse');

    const created = await call('POST', '/v1/messaging/message', { messenger: 'telegram', session_id: started.body.id, to: '@carol', text: 'hello from Missive' });
    expect(created.status).toBe(201);
    await gateway.app.get(CommandBus).execute(new SendMessagesCommand([{ messageId: created.body.id, correlationId: null }], standaloneSendTransactions(gateway.app.get(TransactionHost))));
    const sent = (await call('GET', `/v1/messaging/messages/${created.body.id}`)).body;
    expect(sent.status).toBe('sent');
    expect(sent.provider_message_id).toBeTruthy();
    expect(telegram.sends).toHaveLength(1);
  }, 60_000);
});
