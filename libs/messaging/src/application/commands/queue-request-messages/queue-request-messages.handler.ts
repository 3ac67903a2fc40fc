import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { MAX_TEXT_LENGTH, Message } from '../../../domain/message.aggregate';
import { InvalidRecipient, recipientOf } from '../../../domain/recipient';
import { MessengerRegistry } from '../../messenger-registry';
import { MessageRepository } from '../../ports/message.repository';
import { QueueRequestMessagesCommand, RowRefusal } from './queue-request-messages.command';

interface Ready {
  row: number;
  to: string;
  text: string;
}

@CommandHandler(QueueRequestMessagesCommand)
export class QueueRequestMessagesHandler implements ICommandHandler<QueueRequestMessagesCommand> {
  constructor(
    private readonly messages: MessageRepository,
    private readonly messengers: MessengerRegistry,
  ) {}

  // why: no transaction of its own: it runs in the import batch's, with the batch's progress and inbox row.
  async execute({ ownerId, requestId, config, rows, correlationId }: QueueRequestMessagesCommand): Promise<{ saved: number; refused: RowRefusal[] }> {
    const { descriptor } = this.messengers.get(config.messenger);
    const limit = Math.min(descriptor.limits.textLength, MAX_TEXT_LENGTH);
    const refused: RowRefusal[] = [];
    const ready: Ready[] = [];
    for (const { row, values } of rows) {
      const raw = values[config.recipientColumn] ?? '';
      let to: string;
      try {
        to = recipientOf(raw, descriptor.recipients).address;
      } catch (error) {
        if (!(error instanceof InvalidRecipient)) throw error;
        refused.push({ row, column: config.recipientColumn, value: raw, code: 'invalid_recipient', message: error.message });
        continue;
      }
      const rendered = config.template.render(values);
      if ('missing' in rendered) {
        const message = `The template's {{${rendered.missing}}} is blank in this row.`;
        refused.push({ row, column: rendered.missing, value: values[rendered.missing] ?? null, code: 'missing_variable', message });
      } else if (rendered.text.length > limit) {
        const message = `The text for this row is ${rendered.text.length} characters; ${descriptor.name} takes at most ${limit}.`;
        refused.push({ row, column: null, value: null, code: 'text_too_long', message });
      } else ready.push({ row, to, text: rendered.text });
    }
    const kept = config.duplicateRecipients === 'skip' ? await this.firstOfEachRecipient(ownerId, requestId, ready, config.recipientColumn, refused) : ready;
    const queued = kept.map(({ to, text }) => Message.queue({ ownerId, messenger: descriptor.name, to, text, sessionId: config.sessionId, requestId }));
    await this.messages.saveAll(queued.map((message) => (correlationId === null ? { message } : { message, correlationId })));
    return { saved: queued.length, refused: refused.sort((a, b) => a.row - b.row) };
  }

  private async firstOfEachRecipient(ownerId: string, requestId: string, ready: Ready[], column: string, refused: RowRefusal[]): Promise<Ready[]> {
    const seen = await this.messages.recipientsOfRequest(ownerId, requestId, ready.map(({ to }) => to));
    return ready.filter(({ row, to }) => {
      if (!seen.has(to)) {
        seen.add(to);
        return true;
      }
      refused.push({ row, column, value: to, code: 'duplicate_recipient', message: `${to} already has a message in this request (duplicate_recipients is skip).` });
      return false;
    });
  }
}
