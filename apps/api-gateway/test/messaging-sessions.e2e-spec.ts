import { Global, Module } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CommandBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configureHttpApp, fastifyAdapter } from '@app/platform';
import { MessengerRegistry } from '@app/messaging/application/messenger-registry';
import { AttachmentFiles } from '@app/messaging/application/ports/attachment-files';
import { SenderSessions } from '@app/messaging/application/ports/sender-sessions';
import { SandboxMessenger } from '@app/messaging/infrastructure/messengers/sandbox.messenger';
import { TransactionHost } from '@nestjs-cls/transactional';
import { SendMessagesCommand } from '@app/messaging/application/commands/send-messages/send-messages.command';
import { standaloneSendTransactions } from '@app/messaging/application/commands/send-messages/standalone-send-transactions';
import { SessionAuthRevoked } from '@app/messaging/domain/messenger.errors';
import { FakeMessenger } from '@app/messaging/testing/in-memory-messaging';
import { aSession, InMemorySenderSessions, PHONE_DESCRIPTOR } from '@app/messaging/testing/in-memory-senders';
import { testConfig } from '../../../test/test-config';
import { AppModule } from '../src/app.module';
import { csvOf, filesApi } from './files';
import { Gateway, Session, bearer, expectProblem, driveGateway, signUp } from './gateway';

const MESSAGE = '/v1/messaging/message';
const CSV_TO_PHONES = { ...PHONE_DESCRIPTOR, limits: { ...PHONE_DESCRIPTOR.limits, media: { types: ['text/csv'], maxBytes: 1_000, maxCount: 2 } } };

const sessions = new InMemorySenderSessions();
const phones = new FakeMessenger(CSV_TO_PHONES);

@Global()
@Module({ providers: [{ provide: SenderSessions, useValue: sessions }], exports: [SenderSessions] })
class FakeSessionsModule {}

// why: the gateway as it runs, with a messenger to phones beside the sandbox and sessions held in memory.
async function startGatewayToPhones(dataDir: string): Promise<Gateway> {
  const config = testConfig({ DATA_DIR: dataDir });
  const module = await Test.createTestingModule({ imports: [AppModule.forRoot(config, [FakeSessionsModule])] })
    .overrideProvider(SenderSessions)
    .useValue(sessions)
    .overrideProvider(MessengerRegistry)
    .useFactory({ inject: [SandboxMessenger], factory: (sandbox: SandboxMessenger) => new MessengerRegistry([sandbox, phones]) })
    .compile();
  const app = module.createNestApplication<NestFastifyApplication>(fastifyAdapter());
  await configureHttpApp(app, { shutdownHooks: false });
  return driveGateway(app);
}

describe('POST /v1/messaging/message through a session', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'missive-sendpath-e2e-'));
  let gateway: Gateway;
  let owner: Session;
  let other: Session;
  let session: ReturnType<typeof aSession>;

  beforeAll(async () => {
    gateway = await startGatewayToPhones(dataDir);
    [owner, other] = [await signUp(gateway), await signUp(gateway)];
    session = sessions.add(aSession({ id: '0190a000-0000-7000-8000-00000000e2e1', ownerId: owner.id, messenger: CSV_TO_PHONES.name }));
  }, 30_000);

  afterAll(async () => {
    await gateway?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (fields: Record<string, unknown>, as = owner) =>
    gateway.request('POST', MESSAGE, {
      body: { messenger: CSV_TO_PHONES.name, to: '+1 415 555 2671', text: 'hello', session_id: session.id, ...fields },
      headers: bearer(as.access_token),
    });

  it('queues a message with its recipient in E.164, its session and its attachments, and shows them', async () => {
    const file = await filesApi(gateway).uploaded(owner, csvOf(500));

    const reply = await post({ attachments: [file.id] });

    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ to: '+14155552671', session_id: session.id, attachments: [file.id], status: 'queued' });
    const read = await gateway.request('GET', `/v1/messaging/messages/${reply.body.id}`, { headers: bearer(owner.access_token) });
    expect(read.body).toMatchObject({ to: '+14155552671', session_id: session.id, attachments: [file.id] });
    const files = gateway.app.get(AttachmentFiles);
    await expect(files.read(owner.id, file.id)).resolves.toEqual(csvOf(500));
    await expect(files.read(other.id, file.id)).rejects.toThrow(`No file ${file.id}.`);
  });

  it('answers 400 naming `to` when it is not a phone, before anything is queued', async () => {
    const problem = expectProblem(await post({ to: 'not a phone' }), 400);
    expect(problem.detail).toBe('The recipient (to) "not a phone" is not a phone number in international form (E.164, e.g. +14155552671).');
  });

  it('answers 400 without a session_id, and 422 for a session of another user or one not active', async () => {
    expect(expectProblem(await post({ session_id: undefined }), 400).detail).toMatch(/give its session_id/);
    expect(expectProblem(await post({}, other), 422).detail).toBe(`Session ${session.id} is not one of yours.`);
    const expired = sessions.add(aSession({ id: '0190a000-0000-7000-8000-00000000e2e2', ownerId: owner.id, messenger: CSV_TO_PHONES.name }), 'expired');
    expect(expectProblem(await post({ session_id: expired.id }), 422).detail).toMatch(/is expired, not active/);
    expectProblem(await post({ session_id: 'not-a-uuid' }), 400);
  });

  it('answers 400 to attachments for the sandbox, which sends text only', async () => {
    const file = await filesApi(gateway).uploaded(owner, csvOf(500));

    const reply = await post({ messenger: 'sandbox', to: '+15550100', session_id: undefined, attachments: [file.id] });

    expect(expectProblem(reply, 400).detail).toBe('sandbox sends text only: leave attachments out.');
  });

  it("answers 422 naming a file too large for the messenger, and 404 to another user's file", async () => {
    const large = await filesApi(gateway).uploaded(owner, csvOf(2_000));
    const theirs = await filesApi(gateway).uploaded(other, csvOf(500));

    expect(expectProblem(await post({ attachments: [large.id] }), 422).detail).toMatch(new RegExp(`File ${large.id} \\(list.csv\\) is 2000 bytes; phone-fake takes at most 1000`));
    expect(expectProblem(await post({ attachments: [theirs.id] }), 404).detail).toMatch(`No file ${theirs.id} among yours`);
  });

  it('answers 400 to a text longer than the messenger takes', async () => {
    expect(expectProblem(await post({ text: 'x'.repeat(161) }), 400).detail).toBe('The text is 161 characters; phone-fake takes at most 160.');
  });

  it('fails the messages of a session that expires mid-run with the reason, the later ones without a provider call', async () => {
    const revoked = sessions.add(aSession({ id: '0190a000-0000-7000-8000-00000000e2e3', ownerId: owner.id, messenger: CSV_TO_PHONES.name }));
    const [first, later] = [(await post({ session_id: revoked.id })).body.id, (await post({ session_id: revoked.id })).body.id];
    phones.failNext(new SessionAuthRevoked('AUTH_KEY_UNREGISTERED', '401'));
    const send = (id: string) => gateway.app.get(CommandBus).execute(new SendMessagesCommand([{ messageId: id, correlationId: null }], standaloneSendTransactions(gateway.app.get(TransactionHost))));
    const calls = phones.calls.length;

    await send(first);
    await send(later);

    const view = async (id: string) => (await gateway.request('GET', `/v1/messaging/messages/${id}`, { headers: bearer(owner.access_token) })).body;
    expect(await view(first)).toMatchObject({ status: 'failed', last_error: "the session's credentials no longer work: AUTH_KEY_UNREGISTERED (provider code 401)" });
    expect(await view(later)).toMatchObject({ status: 'failed', last_error: `Session ${revoked.id} is expired, not active: the message is not sent.` });
    expect(phones.calls.length - calls).toBe(1);
    expect((await sessions.find(owner.id, revoked.id))?.status).toBe('expired');
  });
});
