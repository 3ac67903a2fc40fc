import { handlerTestingModule } from '@app/platform/testing/handler-testing-module';
import { SANDBOX_DESCRIPTOR } from '../../../infrastructure/messengers/sandbox.messenger';
import { FakeMessenger, InMemoryMessageRepository, OWNER_ID, aQueuedMessage } from '../../../testing/in-memory-messaging';
import { PHONE_DESCRIPTOR } from '../../../testing/in-memory-senders';
import { MessengerRegistry } from '../../messenger-registry';
import { MessengerDescriptor } from '../../ports/messenger-descriptor';
import { MessageRepository } from '../../ports/message.repository';
import { QueueRequestMessagesCommand, RequestRow } from './queue-request-messages.command';
import { QueueRequestMessagesHandler } from './queue-request-messages.handler';
import { requestConfigOf } from './request-config';

const REQUEST = '0190a000-0000-7000-8000-00000000e0e1';
const MAIL_DESCRIPTOR: MessengerDescriptor = { ...SANDBOX_DESCRIPTOR, name: 'mail-fake', recipients: ['email'], features: { ...SANDBOX_DESCRIPTOR.features, html: true } };
const DESCRIPTORS = [SANDBOX_DESCRIPTOR, PHONE_DESCRIPTOR, MAIL_DESCRIPTOR];

const configOf = (config: Record<string, unknown>) => {
  const read = requestConfigOf(config, (name) => DESCRIPTORS.find((descriptor) => descriptor.name === name) ?? null);
  if ('problems' in read) throw new Error(JSON.stringify(read.problems));
  return read.config;
};

describe('QueueRequestMessagesHandler', () => {
  let messages: InMemoryMessageRepository;
  let handler: QueueRequestMessagesHandler;
  const queue = (config: Record<string, unknown>, rows: RequestRow[]) => handler.execute(new QueueRequestMessagesCommand(OWNER_ID, REQUEST, configOf(config), rows));
  const stored = () => [...messages.messages.values()].map((message) => message.snapshot());

  beforeEach(async () => {
    messages = new InMemoryMessageRepository();
    const module = await handlerTestingModule([
      QueueRequestMessagesHandler,
      { provide: MessageRepository, useValue: messages },
      { provide: MessengerRegistry, useValue: new MessengerRegistry(DESCRIPTORS.map((descriptor) => new FakeMessenger(descriptor))) },
    ]);
    handler = module.get(QueueRequestMessagesHandler);
  });

  it('normalises recipients by the messenger contact kinds, and refuses the ones that are none with a code', async () => {
    const config = { messenger: 'phone-fake', session_id: '0190a000-0000-7000-8000-0000000005e5', recipient_column: 'phone', text: 'Hi {{name}}' };
    const rows = [
      { row: 2, values: { phone: '+1 (415) 555-2671', name: 'Ann' } },
      { row: 3, values: { phone: 'call me maybe', name: 'Bob' } },
    ];

    const { saved, refused } = await queue(config, rows);

    expect(saved).toBe(1);
    expect(stored()).toEqual([expect.objectContaining({ to: '+14155552671', text: 'Hi Ann', requestId: REQUEST, sessionId: '0190a000-0000-7000-8000-0000000005e5', status: 'queued' })]);
    expect(refused).toEqual([{ row: 3, column: 'phone', value: 'call me maybe', code: 'invalid_recipient', message: expect.stringContaining('is not a phone number in international form') }]);
    expect(messages.published).toHaveLength(1);
  });

  it('checks the rendered text against the messenger limit', async () => {
    const { refused } = await queue({ messenger: 'phone-fake', recipient_column: 'phone', text: '{{body}}' }, [
      { row: 2, values: { phone: '+14155552671', body: 'x'.repeat(161) } },
      { row: 3, values: { phone: '+14155552671', body: 'x'.repeat(160) } },
    ]);

    expect(refused).toEqual([{ row: 2, column: null, value: null, code: 'text_too_long', message: 'The text for this row is 161 characters; phone-fake takes at most 160.' }]);
    expect(stored()).toHaveLength(1);
  });

  it('HTML-escapes row values in an HTML template only', async () => {
    const rows = [{ row: 2, values: { email: 'ann@example.com', name: '<b>Ann</b> & "co"' } }];
    await queue({ messenger: 'mail-fake', recipient_column: 'email', template: '<p>Hi {{name}}</p>' }, rows);
    await queue({ messenger: 'mail-fake', recipient_column: 'email', text: 'Hi {{ name }}' }, rows);
    await queue({ messenger: 'sandbox', recipient_column: 'email', template: 'Hi {{name}}' }, rows);

    expect(stored().map(({ text }) => text)).toEqual(['<p>Hi &lt;b&gt;Ann&lt;/b&gt; &amp; &quot;co&quot;</p>', 'Hi <b>Ann</b> & "co"', 'Hi <b>Ann</b> & "co"']);
  });

  it('makes a blank template variable a row error naming it', async () => {
    const { refused } = await queue({ messenger: 'sandbox', recipient_column: 'to', text: 'Hi {{name}} from {{city}}' }, [{ row: 7, values: { to: 'x', name: 'Ann', city: '  ' } }]);

    expect(refused).toEqual([{ row: 7, column: 'city', value: '  ', code: 'missing_variable', message: "The template's {{city}} is blank in this row." }]);
  });

  it('skips a recipient met before in the batch or in earlier batches of the request, as a row error, when told to', async () => {
    await messages.save(aQueuedMessage({ to: 'earlier', requestId: REQUEST }));
    await messages.save(aQueuedMessage({ to: 'other-request', requestId: '0190a000-0000-7000-8000-00000000e0e2' }));
    const rows = ['earlier', 'new', 'new', 'other-request'].map((to, index) => ({ row: index + 2, values: { to } }));

    const { saved, refused } = await queue({ messenger: 'sandbox', recipient_column: 'to', text: 'Hi', duplicate_recipients: 'skip' }, rows);

    expect(saved).toBe(2);
    expect(refused.map(({ row, code, value }) => [row, code, value])).toEqual([
      [2, 'duplicate_recipient', 'earlier'],
      [4, 'duplicate_recipient', 'new'],
    ]);
  });
});

describe('requestConfigOf', () => {
  const read = (config: Record<string, unknown>) => requestConfigOf(config, (name) => DESCRIPTORS.find((descriptor) => descriptor.name === name) ?? null);

  it('reads a config, defaulting to sending to duplicates', () => {
    const read1 = read({ messenger: 'sandbox', recipient_column: 'phone', text: 'Hi {{name}} {{ city }} {{name}}' });
    expect('config' in read1 && read1.config).toMatchObject({ messenger: 'sandbox', sessionId: null, recipientColumn: 'phone', duplicateRecipients: 'send' });
    expect('config' in read1 && read1.config.template.variables).toEqual(['name', 'city']);
  });

  it('names each field that does not fit', () => {
    expect(read({ messenger: 'sandbox', session_id: 'abc', recipient_column: '', text: ' ', colour: 'red' })).toEqual({
      problems: [
        { field: 'colour', message: expect.stringContaining('unknown; the fields are messenger, session_id') },
        { field: 'session_id', message: 'must be a session id (uuid)' },
        { field: 'recipient_column', message: 'is required: the column of the file that holds the recipients' },
        { field: 'text', message: 'must be a non-blank string' },
      ],
    });
  });
});
