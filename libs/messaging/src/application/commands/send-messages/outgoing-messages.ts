import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/shared-kernel';
import { Message } from '../../../domain/message.aggregate';
import { AttachmentNotFound, SessionNotUsable } from '../../../domain/message.errors';
import { AttachmentFile, AttachmentFiles } from '../../ports/attachment-files';
import { OutgoingAttachment, OutgoingMessage } from '../../ports/messenger';
import { SenderSessions, SenderSessionState } from '../../ports/sender-sessions';

/** What the dispatcher hands a messenger for each message: its session (only an active one sends) and its attachments. */
@Injectable()
export class OutgoingMessages {
  constructor(
    private readonly files: AttachmentFiles,
    // why: bound by the sessions part of the messaging module; without it, a message that names a session cannot be sent.
    private readonly sessions: SenderSessions,
  ) {}

  /**
   * Each message as the messenger takes it, or why it can never be sent (a final error). `routes`: the session a
   * message is sent through instead of its own (its fallback), by message id.
   */
  async of(messages: readonly Message[], routes: ReadonlyMap<string, string> = new Map()): Promise<Map<string, OutgoingMessage | DomainError>> {
    const sessionOf = (message: Message) => routes.get(message.id) ?? message.sessionId;
    const sessionIds = [...new Set(messages.flatMap((message) => sessionOf(message) ?? []))];
    const sessions = sessionIds.length && this.sessions ? await this.sessions.findMany(sessionIds) : new Map<string, SenderSessionState>();
    const files = await this.describe(messages);
    return new Map(
      messages.map((message): [string, OutgoingMessage | DomainError] => {
        const { id, ownerId, to, text, attachments } = message.snapshot();
        const sessionId = sessionOf(message);
        const found = sessionId ? sessions.get(sessionId) : null;
        const unusable = sessionId ? unusableSession(sessionId, ownerId, found) : null;
        if (unusable) return [id, unusable];
        const outgoing = attachments.map((fileId) => files.get(`${ownerId}/${fileId}`));
        const gone = attachments.find((_fileId, index) => !outgoing[index]);
        if (gone) return [id, new AttachmentNotFound(gone)];
        return [id, { messageId: id, ownerId, to, text, session: found?.session ?? null, attachments: outgoing.map((file) => this.attachment(ownerId, file!)) }];
      }),
    );
  }

  /** The attachments of the messages, by `<owner id>/<file id>`. */
  private async describe(messages: readonly Message[]): Promise<Map<string, AttachmentFile>> {
    const byOwner = new Map<string, string[]>();
    for (const message of messages) {
      const { ownerId, attachments } = message.snapshot();
      if (attachments.length) byOwner.set(ownerId, [...(byOwner.get(ownerId) ?? []), ...attachments]);
    }
    const described = await Promise.all([...byOwner].map(async ([ownerId, fileIds]) => [ownerId, await this.files.describe(ownerId, fileIds)] as const));
    return new Map(described.flatMap(([ownerId, files]) => [...files].map(([fileId, file]) => [`${ownerId}/${fileId}`, file] as const)));
  }

  private attachment(ownerId: string, file: AttachmentFile): OutgoingAttachment {
    return { ...file, url: null, read: () => this.files.read(ownerId, file.fileId) };
  }
}

function unusableSession(sessionId: string, ownerId: string, found: SenderSessionState | null | undefined): DomainError | null {
  if (!found || found.session.ownerId !== ownerId) return new SessionNotUsable(`Session ${sessionId} no longer exists: the message is not sent.`);
  if (found.status !== 'active') return new SessionNotUsable(`Session ${sessionId} is ${found.status}, not active: the message is not sent.`);
  return null;
}
