import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Message, type NewMessage } from '../../../domain/message.aggregate';
import { IdempotencyKeyReused, SessionNotUsable } from '../../../domain/message.errors';
import { recipientOf } from '../../../domain/recipient';
import { MessengerRegistry } from '../../messenger-registry';
import { AttachmentFiles } from '../../ports/attachment-files';
import { MessageRepository } from '../../ports/message.repository';
import { SenderSessions } from '../../ports/sender-sessions';
import { messageView } from '../../queries/get-message/message.view';
import { checkAttachments, checkSession, checkText } from './outgoing-checks';
import { QueueMessageCommand, QueuedMessage } from './queue-message.command';
import { requestHash } from './request-hash';

@CommandHandler(QueueMessageCommand)
export class QueueMessageHandler implements ICommandHandler<QueueMessageCommand> {
  constructor(
    private readonly messages: MessageRepository,
    private readonly messengers: MessengerRegistry,
    private readonly files: AttachmentFiles,
    // why: bound by the sessions part of the messaging module; without it, only messengers that need no session send.
    private readonly sessions: SenderSessions,
  ) {}

  // why: without an Idempotency-Key the write is one statement (`add`), atomic on its own, so a transaction would
  // only add a BEGIN and a COMMIT round trip. With a key, its lock, the lookup and the write need one.
  async execute(command: QueueMessageCommand): Promise<QueuedMessage> {
    const message = await this.checked(command);
    return command.idempotencyKey === null ? this.queue(message) : this.queueOnce(message, command.idempotencyKey);
  }

  private async checked({ ownerId, messenger, to, text, sessionId, attachments, sendAt }: QueueMessageCommand): Promise<NewMessage> {
    const { descriptor } = this.messengers.get(messenger);
    const recipient = recipientOf(to, descriptor.recipients);
    checkText(descriptor, text);
    checkSession(descriptor, sessionId, sessionId === null || descriptor.connect === 'none' ? null : await this.sessionOf(ownerId, sessionId));
    checkAttachments(descriptor, attachments, attachments.length && descriptor.features.media ? await this.files.describe(ownerId, attachments) : new Map());
    return { ownerId, messenger: descriptor.name, to: recipient.address, text, sessionId, attachments, sendAt };
  }

  private sessionOf(ownerId: string, sessionId: string) {
    if (!this.sessions) throw new SessionNotUsable('This server sends from no sessions.');
    return this.sessions.find(ownerId, sessionId);
  }

  @Transactional()
  private async queueOnce(fields: NewMessage, key: string): Promise<QueuedMessage> {
    const hash = hashOf(fields);
    const earlier = await this.messages.findByIdempotencyKey(fields.ownerId, key);
    if (earlier && earlier.requestHash !== hash) throw new IdempotencyKeyReused(key);
    if (earlier) return { message: messageView(earlier.snapshot()), created: false };
    return this.queue({ ...fields, idempotencyKey: key, requestHash: hash });
  }

  private async queue(fields: NewMessage): Promise<QueuedMessage> {
    const message = Message.queue(fields);
    await this.messages.add(message);
    return { message: messageView(message.snapshot()), created: true };
  }
}

// why: the session, attachments and send time join the hash only when given, so that keys used before they existed
// still match. The send time is hashed as its instant (UTC), so one time written with another offset is the same request.
function hashOf({ messenger, to, text, sessionId, attachments = [], sendAt }: NewMessage): string {
  const fields: Record<string, string> = { messenger, to, text };
  if (sessionId) fields.session_id = sessionId;
  if (attachments.length) fields.attachments = attachments.join(',');
  if (sendAt) fields.send_at = sendAt.toISOString();
  return requestHash(fields);
}
