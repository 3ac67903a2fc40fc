import { AttachmentFile, AttachmentFiles } from '../application/ports/attachment-files';
import { SenderSession } from '../application/ports/messenger';
import { MessengerDescriptor } from '../application/ports/messenger-descriptor';
import { SenderSessions, SenderSessionState, SenderSessionStatus } from '../application/ports/sender-sessions';
import { SANDBOX_DESCRIPTOR } from '../infrastructure/messengers/sandbox.messenger';
import { OWNER_ID } from './in-memory-messaging';

/** A messenger that sends from sessions to phone numbers, text and images: what real messengers look like to the send path. */
export const PHONE_DESCRIPTOR: MessengerDescriptor = {
  ...SANDBOX_DESCRIPTOR,
  name: 'phone-fake',
  title: 'A fake messenger to phones',
  connect: 'otp',
  recipients: ['phone'],
  features: { ...SANDBOX_DESCRIPTOR.features, media: true },
  limits: { textLength: 160, media: { types: ['image/*', 'application/pdf'], maxBytes: 1_000, maxCount: 2 }, pace: { perMinute: 20, jitterMs: 0 } },
};

export function aSession(fields: Partial<SenderSession> = {}): SenderSession {
  return { id: '0190a000-0000-7000-8000-0000000005e5', ownerId: OWNER_ID, messenger: PHONE_DESCRIPTOR.name, address: '+14155550000', secrets: { token: 's3cret' }, ...fields };
}

/** Sessions held in memory, with the expiries the send path asked for. */
export class InMemorySenderSessions extends SenderSessions {
  readonly sessions = new Map<string, SenderSessionState>();
  readonly expired: { sessionId: string; reason: string }[] = [];

  add(session: SenderSession, status: SenderSessionStatus = 'active'): SenderSession {
    this.sessions.set(session.id, { session, status });
    return session;
  }

  async find(ownerId: string, sessionId: string): Promise<SenderSessionState | null> {
    const found = this.sessions.get(sessionId);
    return found && found.session.ownerId === ownerId ? found : null;
  }

  async findMany(sessionIds: readonly string[]): Promise<Map<string, SenderSessionState>> {
    return new Map(sessionIds.flatMap((id) => (this.sessions.has(id) ? [[id, this.sessions.get(id)!] as const] : [])));
  }

  async markExpired(sessionId: string, reason: string): Promise<void> {
    this.expired.push({ sessionId, reason });
    const found = this.sessions.get(sessionId);
    if (found) this.sessions.set(sessionId, { ...found, status: 'expired' });
  }
}

/** Files held in memory, by owner. */
export class InMemoryAttachmentFiles extends AttachmentFiles {
  private readonly files = new Map<string, { ownerId: string; file: AttachmentFile; bytes: Buffer }>();

  add(file: AttachmentFile, bytes = Buffer.alloc(file.size, 1), ownerId = OWNER_ID): AttachmentFile {
    this.files.set(file.fileId, { ownerId, file, bytes });
    return file;
  }

  async describe(ownerId: string, fileIds: readonly string[]): Promise<Map<string, AttachmentFile>> {
    return new Map(fileIds.flatMap((id) => (this.files.get(id)?.ownerId === ownerId ? [[id, this.files.get(id)!.file] as const] : [])));
  }

  async read(ownerId: string, fileId: string): Promise<Buffer> {
    const found = this.files.get(fileId);
    if (found?.ownerId !== ownerId) throw new Error(`no file ${fileId}`);
    return found.bytes;
  }
}
