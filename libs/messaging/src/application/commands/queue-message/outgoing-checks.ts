import { AttachmentNotFound, AttachmentRefused, InvalidMessage, SessionNotUsable } from '../../../domain/message.errors';
import { AttachmentFile } from '../../ports/attachment-files';
import { MessengerDescriptor } from '../../ports/messenger-descriptor';
import { SenderSessionState } from '../../ports/sender-sessions';

/** The text fits the messenger's limit. */
export function checkText({ name, limits }: MessengerDescriptor, text: string): void {
  if (text.length > limits.textLength) throw new InvalidMessage(`The text is ${text.length} characters; ${name} takes at most ${limits.textLength}.`);
}

/** A messenger that connects sessions sends from an active one of the caller's, of that messenger; the sandbox from none. */
export function checkSession({ name, connect }: MessengerDescriptor, sessionId: string | null, found: SenderSessionState | null): void {
  if (connect === 'none') {
    if (sessionId !== null) throw new InvalidMessage(`${name} sends from no session: leave session_id out.`);
    return;
  }
  if (sessionId === null) throw new InvalidMessage(`${name} sends from one of your sessions: give its session_id (GET /v1/messaging/sessions lists them).`);
  if (!found) throw new SessionNotUsable(`Session ${sessionId} is not one of yours.`);
  if (found.session.messenger !== name) throw new SessionNotUsable(`Session ${sessionId} is a ${found.session.messenger} session, not ${name}.`);
  if (found.status !== 'active') throw new SessionNotUsable(`Session ${sessionId} is ${found.status}, not active: connect it again to send from it.`);
}

/** Each attachment is one of the caller's files, of a type and size the messenger takes, and there are not too many. */
export function checkAttachments({ name, features, limits }: MessengerDescriptor, fileIds: readonly string[], files: ReadonlyMap<string, AttachmentFile>): void {
  if (fileIds.length === 0) return;
  if (!features.media || !limits.media) throw new InvalidMessage(`${name} sends text only: leave attachments out.`);
  const { types, maxBytes, maxCount } = limits.media;
  if (fileIds.length > maxCount) throw new AttachmentRefused(`${fileIds.length} attachments: ${name} takes at most ${maxCount}.`);
  for (const fileId of fileIds) {
    const file = files.get(fileId);
    if (!file) throw new AttachmentNotFound(fileId);
    if (!types.some((type) => accepts(type, file.contentType))) {
      throw new AttachmentRefused(`File ${fileId} (${file.fileName}) is ${file.contentType}; ${name} takes ${types.join(', ')}.`);
    }
    if (file.size > maxBytes) throw new AttachmentRefused(`File ${fileId} (${file.fileName}) is ${file.size} bytes; ${name} takes at most ${maxBytes}.`);
  }
}

function accepts(pattern: string, contentType: string): boolean {
  const type = contentType.split(';')[0].trim().toLowerCase();
  return pattern.endsWith('/*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern.toLowerCase();
}
