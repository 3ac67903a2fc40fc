import { Injectable, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ImportBatch, ImportBatchOutcome, ImportType, ImportTypes, InvalidImportConfig, RowSchema } from '@app/importing';
import { checkSession } from '../../application/commands/queue-message/outgoing-checks';
import { QueueRequestMessagesCommand } from '../../application/commands/queue-request-messages/queue-request-messages.command';
import { RequestConfig, requestConfigOf } from '../../application/commands/queue-request-messages/request-config';
import { MESSAGES_IMPORT_TYPE } from '../../application/message-requests';
import { MessengerRegistry } from '../../application/messenger-registry';
import { MessageRepository } from '../../application/ports/message.repository';
import { SenderSessions } from '../../application/ports/sender-sessions';

/**
 * The `messages` import type, registered with the importing engine: its config is checked as a single message's
 * (the messenger, and the session every messenger but the sandbox sends from), each batch of rows becomes messages
 * through the outbox in the batch's transaction, and a cancel stops the request's messages not yet handed to a provider.
 */
@Injectable()
export class MessagesImportType extends ImportType<RequestConfig> implements OnModuleInit {
  readonly name = MESSAGES_IMPORT_TYPE;

  constructor(
    private readonly types: ImportTypes,
    private readonly messengers: MessengerRegistry,
    private readonly sessions: SenderSessions,
    private readonly messages: MessageRepository,
    private readonly commands: CommandBus,
  ) {
    super();
  }

  onModuleInit(): void {
    this.types.register(this);
  }

  async parseConfig(ownerId: string, config: Readonly<Record<string, unknown>>): Promise<RequestConfig> {
    const known = new Set(this.messengers.names);
    const read = requestConfigOf(config, (name) => (known.has(name) ? this.messengers.get(name).descriptor : null));
    if ('problems' in read) throw new InvalidImportConfig(this.name, read.problems);
    const { descriptor } = this.messengers.get(read.config.messenger);
    const { sessionId } = read.config;
    checkSession(descriptor, sessionId, sessionId === null || descriptor.connect === 'none' ? null : await this.sessions.find(ownerId, sessionId));
    return read.config;
  }

  rowSchema({ recipientColumn, template }: RequestConfig): RowSchema {
    const variables = template.variables.filter((name) => name !== recipientColumn);
    return { fields: [{ name: recipientColumn, required: true, nonBlank: true }, ...variables.map((name) => ({ name, required: true }))] };
  }

  async handle({ importId, ownerId, config, rows, correlationId }: ImportBatch<RequestConfig>): Promise<ImportBatchOutcome> {
    const { saved, refused } = await this.commands.execute(new QueueRequestMessagesCommand(ownerId, importId, config, rows, correlationId));
    return { saved, errors: refused };
  }

  async cancelled(ownerId: string, importId: string): Promise<void> {
    await this.messages.cancelPendingOfRequest(importId, ownerId);
  }
}
