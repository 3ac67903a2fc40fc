import { INestMicroservice } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Test, TestingModule } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { GetImportQuery, ImportingAmqpModule, ImportView, StartImportCommand } from '@app/importing';
import { ImportBatching } from '@app/importing/application/import-batching';
import { ImportFiles } from '@app/importing/application/ports/import-files';
import { InMemoryImportFiles } from '@app/importing/testing/in-memory-import-files';
import {
  AmqpTransport,
  BrokerDispatch,
  confirmChannel,
  connectAmqp,
  createRelay,
  DEFAULT_QUEUE_TYPE,
  DeadLetters,
  DirectDispatch,
  DirectTransport,
  MessageRunner,
  PlatformModule,
  PlatformSettings,
  RethrowRpcErrors,
} from '@app/platform';
import { uuidV7 } from '@app/shared-kernel';
import { until } from '../../../../../test/process';
import { createVhost, deleteVhost } from '../../../../../test/test-broker';
import { testConfig } from '../../../../../test/test-config';
import { isolatedDatabase } from '../../../../../test/test-database';
import { MessagingAmqpModule } from '../../interface/amqp/messaging-amqp.module';

const ROWS = 600;
const csv = ['phone,name', ...Array.from({ length: ROWS }, (_, n) => (n % 10 === 9 ? `+1555${n},` : `+1555${String(n).padStart(7, '0')},n${n}`))].join('\n');

describe.each(['direct', 'broker'] as const)('a messages import in %s mode: relay → dispatcher transport → handlers, to every valid row sent', (mode) => {
  let database: Awaited<ReturnType<typeof isolatedDatabase>>;
  let vhost: string | null = null;
  let module: TestingModule;
  let consumer: INestMicroservice;
  let relay: ReturnType<typeof createRelay>;
  let close: () => Promise<void>;
  const files = new InMemoryImportFiles();

  beforeAll(async () => {
    database = await isolatedDatabase();
    const amqp: Record<string, string> = mode === 'broker' ? { AMQP_URL: await createVhost((vhost = `missive_test_imports_${randomBytes(4).toString('hex')}`)) } : {};
    const settings = testConfig({ DATABASE_URL: database.url, ...amqp, RETRY_SCHEDULE: '50ms,100ms', OUTBOX_POLL_INTERVAL: '50ms' });
    const config = settings.get(PlatformSettings);
    module = await Test.createTestingModule({ imports: [PlatformModule.forRoot(settings), MessagingAmqpModule, ImportingAmqpModule] })
      .overrideProvider(ImportFiles)
      .useValue(files)
      .overrideProvider(ImportBatching)
      .useValue(new ImportBatching(100))
      .compile();
    await module.init();
    const [runner, deadLetters] = [module.get(MessageRunner), module.get(DeadLetters)];
    if (mode === 'direct') {
      const transport = new DirectTransport();
      consumer = module.createNestMicroservice({ strategy: transport });
      consumer.useGlobalFilters(new RethrowRpcErrors());
      await consumer.listen();
      relay = createRelay(config, new DirectDispatch(transport, runner, deadLetters, config.retryScheduleMs));
      close = async () => transport.close();
    } else {
      const transport = new AmqpTransport({ url: amqp.AMQP_URL!, prefetch: 50, retryScheduleMs: config.retryScheduleMs, queueType: DEFAULT_QUEUE_TYPE, runner, deadLetters });
      consumer = module.createNestMicroservice({ strategy: transport });
      consumer.useGlobalFilters(new RethrowRpcErrors());
      await consumer.listen();
      const connection = connectAmqp(amqp.AMQP_URL!, 'missive-import-test');
      relay = createRelay(config, new BrokerDispatch(confirmChannel(connection, transport.topology())));
      close = async () => {
        await connection.close();
        await transport.close();
      };
    }
    relay.relay.start();
  }, 60_000);

  afterAll(async () => {
    await relay?.close();
    await close?.();
    await module?.close();
    await database?.drop();
    if (vhost) await deleteVhost(vhost);
  });

  it('stages, processes in chained batches and sends: one message per valid row, each sent once', async () => {
    const ownerId = uuidV7();
    const { id } = await module.get(CommandBus).execute(
      new StartImportCommand({ ownerId, fileId: files.add(ownerId, csv), importType: 'messages', config: { messenger: 'sandbox', recipient_column: 'phone', text: 'Hi {{name}}' } }),
    );
    const view = (): Promise<ImportView> => module.get(QueryBus).execute(new GetImportQuery(ownerId, id));
    await until(async () => (await view()).status === 'completed_with_errors', 'the import to complete', 60_000, () => '', 100);

    const valid = ROWS - ROWS / 10;
    expect(await view()).toMatchObject({ counts: { rows: ROWS, staged: ROWS, processed: ROWS, valid, invalid: ROWS / 10 } });
    const db = module.get(DataSource);
    const sent = async () => (await db.query(`SELECT count(*)::int AS n FROM messaging.messages WHERE request_id = $1 AND status = 'sent'`, [id]))[0].n;
    await until(async () => (await sent()) === valid, 'every message sent', 60_000, () => '', 100);
    const [{ messages, recipients }] = await db.query(`SELECT count(*)::int AS messages, count(DISTINCT "to")::int AS recipients FROM messaging.messages WHERE request_id = $1`, [id]);
    expect({ messages, recipients }).toEqual({ messages: valid, recipients: valid });
    const [{ calls }] = await db.query(`SELECT count(*)::int AS calls FROM messaging.sandbox_deliveries d JOIN messaging.messages m ON m.id = d.message_id WHERE m.request_id = $1`, [id]);
    expect(calls).toBe(valid);
  }, 120_000);
});
