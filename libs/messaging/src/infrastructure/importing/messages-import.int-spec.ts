import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Test, TestingModule } from '@nestjs/testing';
import {
  CancelImportCommand,
  GetImportQuery,
  ImportAlreadyOver,
  ImportFileNotFound,
  ImportingAmqpModule,
  ImportView,
  InvalidImportConfig,
  InvalidImportCursor,
  ImportNotFound,
  ListImportErrorsQuery,
  ListImportsQuery,
  StartImportCommand,
  UnknownImportType,
} from '@app/importing';
import { ImportBatching } from '@app/importing/application/import-batching';
import { DeadLetteredImportReaction } from '@app/importing/interface/amqp/dead-lettered-import.reaction';
import { ImportFiles } from '@app/importing/application/ports/import-files';
import { importRuns } from '@app/importing/testing/import-runs';
import { InMemoryImportFiles } from '@app/importing/testing/in-memory-import-files';
import { PlatformModule } from '@app/platform';
import { uuidV7 } from '@app/shared-kernel';
import { testConfig } from '../../../../../test/test-config';
import { MessageSummaryView } from '../../application/queries/get-message/message.view';
import { ListMessagesQuery } from '../../application/queries/list-messages/list-messages.query';
import { InvalidMessage } from '../../domain/message.errors';
import { MessagingModule } from '../../messaging.module';
import { MessagesImportType } from './messages.import-type';

const BATCH = 3;

describe('messages import, staged and processed on PostgreSQL', () => {
  let moduleRef: TestingModule;
  let commands: CommandBus;
  let queries: QueryBus;
  let runs: ReturnType<typeof importRuns>;
  const files = new InMemoryImportFiles();

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({ imports: [PlatformModule.forRoot(testConfig()), MessagingModule, ImportingAmqpModule] })
      .overrideProvider(ImportFiles)
      .useValue(files)
      .overrideProvider(ImportBatching)
      .useValue(new ImportBatching(BATCH))
      .compile();
    await moduleRef.init();
    commands = moduleRef.get(CommandBus);
    queries = moduleRef.get(QueryBus);
    runs = importRuns(moduleRef);
  }, 30_000);

  afterAll(() => moduleRef?.close());

  const start = (ownerId: string, fileId: string, config: Record<string, unknown>) =>
    commands.execute(new StartImportCommand({ ownerId, fileId, importType: 'messages', config }));
  const view = (ownerId: string, importId: string): Promise<ImportView> => queries.execute(new GetImportQuery(ownerId, importId));
  const messagesOf = (importId: string) =>
    runs.sql<{ to: string; text: string; status: string; last_error: string | null }>(`SELECT "to", text, status, last_error FROM messaging.messages WHERE request_id = $1 ORDER BY "to", text`, [importId]);
  const errorsOf = async (ownerId: string, importId: string) => (await queries.execute(new ListImportErrorsQuery(ownerId, importId, null, 100))).items;
  const sendCommands = (importId: string) =>
    runs.sql<{ count: number }>(
      `SELECT count(*)::int AS count FROM platform.outbox o JOIN messaging.messages m ON m.id::text = o.aggregate_id WHERE m.request_id = $1 AND o.type = 'messaging.send-message'`,
      [importId],
    );

  const CSV = [
    'phone,name,city',
    '+15550001,Ann,Paris',
    ',Bob,Rome',
    '+15550003,,Oslo',
    '+15550001,Ann again,Paris',
    '+15550005,Eve,Lima',
    '+15550006,Dan,Kyiv',
    '+15550007,Fay,Baku',
  ].join('\r\n');

  it('stages the file, then makes one message per valid row through the outbox, with every invalid row explained', async () => {
    const ownerId = uuidV7();
    const { id } = await start(ownerId, files.add(ownerId, CSV), { messenger: 'sandbox', recipient_column: 'phone', text: 'Hi {{name}}', duplicate_recipients: 'skip' });
    expect(await view(ownerId, id)).toMatchObject({ status: 'pending', import_type: 'messages', counts: { rows: null, staged: 0 } });

    await runs.drain(id);

    expect(await view(ownerId, id)).toMatchObject({ status: 'completed_with_errors', counts: { rows: 7, staged: 7, processed: 7, valid: 4, invalid: 3 }, error_code: null });
    expect(await messagesOf(id)).toEqual([
      { to: '+15550001', text: 'Hi Ann', status: 'queued', last_error: null },
      { to: '+15550005', text: 'Hi Eve', status: 'queued', last_error: null },
      { to: '+15550006', text: 'Hi Dan', status: 'queued', last_error: null },
      { to: '+15550007', text: 'Hi Fay', status: 'queued', last_error: null },
    ]);
    expect(await sendCommands(id)).toEqual([{ count: 4 }]);
    const listed = await queries.execute(new ListMessagesQuery(ownerId, { status: null, requestId: id, cursor: null, limit: 10 }));
    expect(listed.items.map(({ to, request_id }: MessageSummaryView) => [to, request_id])).toEqual([
      ['+15550007', id],
      ['+15550006', id],
      ['+15550005', id],
      ['+15550001', id],
    ]);
    expect(await queries.execute(new ListMessagesQuery(ownerId, { status: null, requestId: uuidV7(), cursor: null, limit: 10 }))).toEqual({ items: [], next_cursor: null });
    expect(await errorsOf(ownerId, id)).toEqual([
      { row: 3, column: 'phone', value: '', code: 'blank_value', message: 'The phone column is blank.' },
      { row: 4, column: 'name', value: '', code: 'missing_variable', message: "The template's {{name}} is blank in this row." },
      { row: 5, column: 'phone', value: '+15550001', code: 'duplicate_recipient', message: '+15550001 already has a message in this request (duplicate_recipients is skip).' },
    ]);
    const statuses = await runs.sql<{ type: string }>(`SELECT type FROM platform.outbox WHERE aggregate_id = $1 AND kind = 'event' ORDER BY id`, [id]);
    expect(statuses.map(({ type }) => type)).toEqual([
      'importing.import.pending.v1',
      'importing.import.staging.v1',
      'importing.import.staged.v1',
      'importing.import.processing.v1',
      'importing.import.completed_with_errors.v1',
    ]);
  });

  it("pages an import's row errors in row order, and lists the owner's imports newest first; another owner sees neither", async () => {
    const ownerId = uuidV7();
    const config = { messenger: 'sandbox', recipient_column: 'phone', text: 'Hi {{name}}', duplicate_recipients: 'skip' };
    const first = await start(ownerId, files.add(ownerId, CSV), config);
    const second = await start(ownerId, files.add(ownerId, CSV), config);
    await runs.drain(first.id);

    const page = await queries.execute(new ListImportErrorsQuery(ownerId, first.id, null, 2));
    expect(page.items.map(({ row }: { row: number }) => row)).toEqual([3, 4]);
    expect(page.next_cursor).toBe('4.0');
    const next = await queries.execute(new ListImportErrorsQuery(ownerId, first.id, page.next_cursor, 2));
    expect(next).toEqual({ items: [expect.objectContaining({ row: 5, code: 'duplicate_recipient' })], next_cursor: null });
    await expect(queries.execute(new ListImportErrorsQuery(ownerId, first.id, 'row-4', 2))).rejects.toThrow(InvalidImportCursor);
    await expect(queries.execute(new ListImportErrorsQuery(uuidV7(), first.id, null, 2))).rejects.toThrow(ImportNotFound);

    const listed = await queries.execute(new ListImportsQuery(ownerId, { importType: null, cursor: null, limit: 1 }));
    expect(listed.items.map(({ id }: ImportView) => id)).toEqual([second.id]);
    const rest = await queries.execute(new ListImportsQuery(ownerId, { importType: 'messages', cursor: listed.next_cursor, limit: 5 }));
    expect(rest).toEqual({ items: [expect.objectContaining({ id: first.id, status: 'completed_with_errors' })], next_cursor: null });
    expect(await queries.execute(new ListImportsQuery(ownerId, { importType: 'contacts', cursor: null, limit: 5 }))).toEqual({ items: [], next_cursor: null });
    expect(await queries.execute(new ListImportsQuery(uuidV7(), { importType: null, cursor: null, limit: 5 }))).toEqual({ items: [], next_cursor: null });
    await expect(view(uuidV7(), first.id)).rejects.toThrow(ImportNotFound);
  });

  it('sends to a recipient twice when duplicate_recipients is send (the default)', async () => {
    const ownerId = uuidV7();
    const { id } = await start(ownerId, files.add(ownerId, CSV), { messenger: 'sandbox', recipient_column: 'phone', text: 'Hi {{name}}' });
    await runs.drain(id);

    expect(await view(ownerId, id)).toMatchObject({ counts: { valid: 5, invalid: 2 } });
    expect((await messagesOf(id)).filter(({ to }) => to === '+15550001').map(({ text }) => text)).toEqual(['Hi Ann', 'Hi Ann again']);
  });

  it('creates nothing twice when a batch is delivered twice, or again under another message id', async () => {
    const ownerId = uuidV7();
    const { id } = await start(ownerId, files.add(ownerId, CSV), { messenger: 'sandbox', recipient_column: 'phone', text: 'Hi {{name}}' });
    await runs.step(id);
    const [firstBatch] = await runs.pending(id);
    expect(firstBatch.payload).toEqual({ import_id: id, after_row: 0, schema_version: 1 });

    expect(await runs.deliver(firstBatch)).toEqual({ kind: 'done' });
    expect(await runs.deliver(firstBatch)).toEqual({ kind: 'duplicate' });
    expect(await runs.deliver(firstBatch, uuidV7())).toEqual({ kind: 'done' });
    expect(await messagesOf(id)).toHaveLength(1);
    expect(await view(ownerId, id)).toMatchObject({ counts: { processed: 3, valid: 1, invalid: 2 } });

    await runs.drain(id);
    expect(await messagesOf(id)).toHaveLength(5);
    expect(await view(ownerId, id)).toMatchObject({ status: 'completed_with_errors', counts: { processed: 7, valid: 5, invalid: 2 } });
  });

  it('rolls a batch back whole when it dies after the handler, and the batch run again creates each message once', async () => {
    const ownerId = uuidV7();
    const { id } = await start(ownerId, files.add(ownerId, CSV), { messenger: 'sandbox', recipient_column: 'phone', text: 'Hi {{name}}' });
    await runs.step(id);
    const type = moduleRef.get(MessagesImportType);
    const handle = type.handle.bind(type);
    const crash = jest.spyOn(type, 'handle').mockImplementationOnce(async (batch) => {
      await handle(batch);
      throw new Error('the dispatcher died after the handler');
    });

    const { outcome } = (await runs.step(id))!;

    expect(outcome).toMatchObject({ kind: 'retryable', error: expect.stringContaining('died after the handler') });
    expect(await messagesOf(id)).toHaveLength(0);
    expect(await view(ownerId, id)).toMatchObject({ status: 'staged', counts: { processed: 0 } });
    crash.mockRestore();

    await runs.drain(id);
    expect(await messagesOf(id)).toHaveLength(5);
    expect(await sendCommands(id)).toEqual([{ count: 5 }]);
    expect(await view(ownerId, id)).toMatchObject({ counts: { processed: 7, valid: 5, invalid: 2 } });
  });

  it('fails the import, keeping none of the batch, when its handler refuses it half-way with a domain error', async () => {
    const ownerId = uuidV7();
    const { id } = await start(ownerId, files.add(ownerId, CSV), { messenger: 'sandbox', recipient_column: 'phone', text: 'Hi {{name}}' });
    await runs.step(id);
    const type = moduleRef.get(MessagesImportType);
    const handle = type.handle.bind(type);
    const refusal = jest.spyOn(type, 'handle').mockImplementationOnce(async (batch) => {
      await handle(batch);
      throw new InvalidMessage('the messenger went away');
    });

    await runs.drain(id);
    refusal.mockRestore();

    expect(await view(ownerId, id)).toMatchObject({ status: 'failed', error_code: 'refused', error: 'the messenger went away', counts: { processed: 0, valid: 0 } });
    expect(await messagesOf(id)).toHaveLength(0);
    expect(await errorsOf(ownerId, id)).toEqual([]);
  });

  it('takes a staging killed half-way up again after its last committed batch, without a duplicate row', async () => {
    const ownerId = uuidV7();
    const total = 45_000;
    const csv = ['phone,name', ...Array.from({ length: total }, (_, n) => `+1555${String(n).padStart(7, '0')},n${n}`)].join('\n');
    const fileId = files.add(ownerId, csv);
    files.breakOff(fileId, Math.floor(csv.length * 0.95));
    const { id } = await start(ownerId, fileId, { messenger: 'sandbox', recipient_column: 'phone', text: 'Hi {{name}}' });

    const { outcome } = (await runs.step(id))!;
    expect(outcome).toMatchObject({ kind: 'retryable', error: expect.stringContaining('dispatcher died') });
    const [half] = await runs.sql<{ status: string; staged_rows: number; rows: number }>(
      `SELECT status, staged_rows, (SELECT count(*)::int FROM importing.import_rows r WHERE r.import_id = i.id) AS rows FROM importing.imports i WHERE id = $1`,
      [id],
    );
    expect(half.status).toBe('staging');
    expect([20_000, 40_000]).toContain(half.staged_rows);
    expect(half.rows).toBe(half.staged_rows);

    await runs.step(id);
    const [done] = await runs.sql<{ rows: number; distinct_rows: number; last: number }>(
      `SELECT count(*)::int AS rows, count(DISTINCT "row")::int AS distinct_rows, max("row") AS last FROM importing.import_rows WHERE import_id = $1`,
      [id],
    );
    expect(done).toEqual({ rows: total, distinct_rows: total, last: total + 1 });
    expect(await view(ownerId, id)).toMatchObject({ status: 'staged', counts: { rows: total, staged: total } });
  }, 60_000);

  it('fails an import whose file cannot be read, saying why', async () => {
    const ownerId = uuidV7();
    const { id } = await start(ownerId, files.add(ownerId, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'png-renamed.csv'), {
      messenger: 'sandbox',
      recipient_column: 'phone',
      text: 'Hi',
    });
    await runs.drain(id);

    expect(await view(ownerId, id)).toMatchObject({ status: 'failed', error_code: 'not_a_table', counts: { rows: null } });
  });

  it.each([
    ['a column the template uses is missing', { text: 'Hi {{surname}}' }, 'missing_column', /no column "surname"/],
    ['unknown columns are rejected', { text: 'Hi {{name}}', unknown_columns: 'reject' }, 'unknown_columns', /columns this import does not use: "city"/],
  ])('fails the import before its first row when %s', async (_case, config, code, reason) => {
    const ownerId = uuidV7();
    const { id } = await start(ownerId, files.add(ownerId, CSV), { messenger: 'sandbox', recipient_column: 'phone', ...config });
    await runs.drain(id);

    const failed = await view(ownerId, id);
    expect(failed).toMatchObject({ status: 'failed', error_code: code, counts: { processed: 0 } });
    expect(failed.error).toMatch(reason);
    expect(await messagesOf(id)).toHaveLength(0);
  });

  it('takes kept columns through, and the rendered text is checked against the messenger limit', async () => {
    const ownerId = uuidV7();
    const long = 'x'.repeat(4_090);
    const csv = ['phone,name,city', `+15550001,Ann,${long}`, '+15550002,Bob,Rome'].join('\n');
    const { id } = await start(ownerId, files.add(ownerId, csv), { messenger: 'sandbox', recipient_column: 'phone', text: '{{name}} of {{city}}', unknown_columns: 'keep' });
    await runs.drain(id);

    expect(await messagesOf(id)).toEqual([{ to: '+15550002', text: 'Bob of Rome', status: 'queued', last_error: null }]);
    expect(await errorsOf(ownerId, id)).toEqual([{ row: 2, column: null, value: null, code: 'text_too_long', message: 'The text for this row is 4097 characters; sandbox takes at most 4096.' }]);
  });

  it('refuses a bad start with clear errors, storing nothing', async () => {
    const ownerId = uuidV7();
    const fileId = files.add(ownerId, CSV);
    const before = await runs.sql<{ count: number }>(`SELECT count(*)::int AS count FROM importing.imports WHERE owner_id = $1`, [ownerId]);

    await expect(commands.execute(new StartImportCommand({ ownerId, fileId, importType: 'contacts', config: {} }))).rejects.toThrow(new UnknownImportType('contacts', ['messages']));
    await expect(start(ownerId, fileId, { recipient_column: 'phone' })).rejects.toThrow(InvalidImportConfig);
    await expect(start(ownerId, fileId, { recipient_column: 'phone' })).rejects.toThrow(/messenger: is required.*text: give text or template/);
    await expect(start(ownerId, fileId, { messenger: 'sandbox', recipient_column: 'phone', text: 'a', template: 'b' })).rejects.toThrow(/give text or template \(one of them\)/);
    await expect(start(ownerId, fileId, { messenger: 'pigeon', recipient_column: 'phone', text: 'a' })).rejects.toThrow(/"pigeon" is not a messenger of this server/);
    await expect(start(ownerId, fileId, { messenger: 'sandbox', recipient_column: 'phone', text: 'a', unknown_columns: 'drop' })).rejects.toThrow(/unknown_columns: must be one of ignore, reject, keep/);
    await expect(start(ownerId, fileId, { messenger: 'sandbox', recipient_column: 'phone', text: 'a', duplicate_recipients: 'twice' })).rejects.toThrow(/duplicate_recipients: must be one of send, skip/);
    await expect(start(ownerId, fileId, { messenger: 'sandbox', recipient_column: 'phone', text: 'a', sms: true })).rejects.toThrow(/sms: unknown/);
    const sandboxSession = start(ownerId, fileId, { messenger: 'sandbox', session_id: uuidV7(), recipient_column: 'phone', text: 'a' });
    await expect(sandboxSession).rejects.toThrow(new InvalidMessage('sandbox sends from no session: leave session_id out.'));
    await expect(start(ownerId, fileId, { messenger: 'sms', recipient_column: 'phone', text: 'a' })).rejects.toThrow(/sms sends from one of your sessions: give its session_id/);
    await expect(start(uuidV7(), fileId, { messenger: 'sandbox', recipient_column: 'phone', text: 'a' })).rejects.toThrow(ImportFileNotFound);

    expect(await runs.sql(`SELECT count(*)::int AS count FROM importing.imports WHERE owner_id = $1`, [ownerId])).toEqual(before);
  });

  it('cancels: no further batch runs, and the messages not yet handed to a provider are not sent', async () => {
    const ownerId = uuidV7();
    const { id } = await start(ownerId, files.add(ownerId, CSV), { messenger: 'sandbox', recipient_column: 'phone', text: 'Hi {{name}}' });
    await runs.step(id);
    await runs.step(id);
    await runs.step(id);
    const [sent] = await runs.sql<{ id: string }>(`SELECT id FROM messaging.messages WHERE request_id = $1 ORDER BY id LIMIT 1`, [id]);
    await runs.sql(`UPDATE messaging.messages SET status = 'sent' WHERE id = $1`, [sent.id]);

    const cancelled = await commands.execute(new CancelImportCommand({ ownerId, importId: id }));
    await runs.drain(id);

    expect(cancelled).toMatchObject({ id, status: 'cancelled', counts: { processed: 6, valid: 4, invalid: 2 } });
    expect(await view(ownerId, id)).toMatchObject({ status: 'cancelled', counts: { processed: 6 } });
    expect((await messagesOf(id)).map(({ text, status, last_error }) => [text, status, last_error])).toEqual([
      ['Hi Ann', 'sent', null],
      ['Hi Ann again', 'cancelled', null],
      ['Hi Eve', 'cancelled', null],
      ['Hi Dan', 'cancelled', null],
    ]);
    const history = await runs.sql<{ statuses: string[] }>(
      `SELECT array_agg(e.status || ':' || coalesce(e.detail, '') ORDER BY e.seq) AS statuses FROM messaging.message_events e
         JOIN messaging.messages m ON m.id = e.message_id WHERE m.request_id = $1 AND m.status = 'cancelled' GROUP BY m.id`,
      [id],
    );
    expect(history).toEqual(Array.from({ length: 3 }, () => ({ statuses: ['queued:', 'cancelled:cancelled with its request'] })));
    await expect(commands.execute(new CancelImportCommand({ ownerId, importId: id }))).rejects.toThrow(ImportAlreadyOver);
    await expect(commands.execute(new CancelImportCommand({ ownerId: uuidV7(), importId: id }))).rejects.toThrow(/was not found/);
  });

  it('fails an import whose staging was dead-lettered, saying why, and leaves an ended one as it is', async () => {
    const ownerId = uuidV7();
    const { id } = await start(ownerId, files.add(ownerId, CSV), { messenger: 'sandbox', recipient_column: 'phone', text: 'Hi {{name}}' });
    const reaction = moduleRef.get(DeadLetteredImportReaction);

    await reaction.react({ payload: { import_id: id, schema_version: 1 }, error: 'Error: storage unavailable' });
    await reaction.react({ payload: { import_id: id, schema_version: 1 }, error: 'Error: again' });
    await reaction.react({ payload: { import_id: 'not-an-id' }, error: 'Error: poison' });

    expect(await view(ownerId, id)).toMatchObject({
      status: 'failed',
      error_code: 'dead_lettered',
      error: "The import's work was dead-lettered after its retries: Error: storage unavailable",
    });
    await runs.drain(id);
    expect(await view(ownerId, id)).toMatchObject({ status: 'failed', counts: { staged: 0 } });
  });
});
