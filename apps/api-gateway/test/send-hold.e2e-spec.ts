import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CommandBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { TransactionHost } from '@nestjs-cls/transactional';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { configureHttpApp, fastifyAdapter } from '@app/platform';
import { SendMessagesCommand } from '@app/messaging/application/commands/send-messages/send-messages.command';
import { standaloneSendTransactions } from '@app/messaging/application/commands/send-messages/standalone-send-transactions';
import { MessengerRegistry } from '@app/messaging/application/messenger-registry';
import { OutgoingMessage, ProviderReceipt } from '@app/messaging/application/ports/messenger';
import { SANDBOX_DESCRIPTOR, SandboxMessenger } from '@app/messaging/infrastructure/messengers/sandbox.messenger';
import { FakeMessenger } from '@app/messaging/testing/in-memory-messaging';
import { testConfig } from '../../../test/test-config';
import { AppModule } from '../src/app.module';
import { Gateway, bearer, driveGateway, signUp } from './gateway';

const HOLD_MS = 5_000;
const POOL_SIZE = 3;

/** A provider that takes every message, answering only after HOLD_MS. */
class SlowMessenger extends FakeMessenger {
  override async send(message: OutgoingMessage): Promise<ProviderReceipt> {
    await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
    return super.send(message);
  }
}
const slow = new SlowMessenger({ ...SANDBOX_DESCRIPTOR, name: 'slow' });

describe('a provider that holds its answer 5 s, during a send (two-phase)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'missive-hold-e2e-'));
  let gateway: Gateway;

  beforeAll(async () => {
    const module = await Test.createTestingModule({ imports: [AppModule.forRoot(testConfig({ DATA_DIR: dataDir, DATABASE_POOL_SIZE: String(POOL_SIZE) }))] })
      .overrideProvider(MessengerRegistry)
      .useFactory({ inject: [SandboxMessenger], factory: (sandbox: SandboxMessenger) => new MessengerRegistry([sandbox, slow]) })
      .compile();
    const app = module.createNestApplication<NestFastifyApplication>(fastifyAdapter());
    await configureHttpApp(app, { shutdownHooks: false });
    gateway = await driveGateway(app);
  }, 30_000);

  afterAll(async () => {
    await gateway?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("blocks neither reads nor writes of the batch owner's other messages, and holds no connection or lock meanwhile", async () => {
    const owner = await signUp(gateway);
    const headers = bearer(owner.access_token);
    const post = async (messenger: string) => (await gateway.request('POST', '/v1/messaging/message', { body: { messenger, to: '+14155550100', text: 'hello' }, headers })).body.id as string;
    const batch = await Promise.all(Array.from({ length: 20 }, () => post('slow')));
    const other = await post('sandbox');
    const sending = gateway.app.get(CommandBus).execute(new SendMessagesCommand(batch.map((messageId) => ({ messageId, correlationId: null })), standaloneSendTransactions(gateway.app.get(TransactionHost))));
    const data = gateway.app.get(DataSource);
    const read = (id: string) => gateway.request('GET', `/v1/messaging/messages/${id}`, { headers });
    while (slow.calls.length < batch.length) await new Promise((resolve) => setTimeout(resolve, 20));

    const started = performance.now();
    const during = await Promise.all([
      read(batch[0]),
      read(other),
      gateway.request('GET', '/v1/messaging/messages?limit=50', { headers }),
      ...Array.from({ length: 2 * POOL_SIZE }, () => gateway.request('POST', '/v1/messaging/message', { body: { messenger: 'sandbox', to: '+14155550101', text: 'meanwhile' }, headers })),
    ]);
    const tookMs = performance.now() - started;
    const locks = await data.query(
      `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'messages' AND l.mode = 'RowShareLock' AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    const idleInTransaction = await data.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`);
    const stillHeld = slow.calls.length === batch.length && tookMs < HOLD_MS;
    await sending;

    expect(stillHeld).toBe(true);
    expect(tookMs).toBeLessThan(2_000);
    expect(during[0].body).toMatchObject({ status: 'sending', attempts: 1 });
    expect(during[1].status).toBe(200);
    expect(during[2].body.items.filter(({ id }: { id: string }) => batch.includes(id)).every(({ status }: { status: string }) => status === 'sending')).toBe(true);
    expect(during.slice(3).map(({ status }) => status)).toEqual(Array(2 * POOL_SIZE).fill(201));
    expect(locks[0].n).toBe(0);
    expect(idleInTransaction[0].n).toBe(0);
    const after = await Promise.all(batch.map(read));
    expect(after.map(({ body }) => body.status)).toEqual(batch.map(() => 'sent'));
  }, 60_000);
});
