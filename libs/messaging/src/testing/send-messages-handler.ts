import { handlerTestingModule } from '@app/platform/testing/handler-testing-module';
import { OutgoingMessages } from '../application/commands/send-messages/outgoing-messages';
import { SendMessagesHandler } from '../application/commands/send-messages/send-messages.handler';
import { SendOutcomes } from '../application/commands/send-messages/send-outcomes';
import { SendLimits } from '../application/commands/send-messages/send-limits';
import { SendGate } from '../application/ports/send-gate';
import { PacingSendGate } from '../application/send-gate/pacing.send-gate';
import { MessengerRegistry } from '../application/messenger-registry';
import { AttachmentFiles } from '../application/ports/attachment-files';
import { MessageRepository } from '../application/ports/message.repository';
import { SenderSessions } from '../application/ports/sender-sessions';
import { FakeMessenger } from './in-memory-messaging';
import { inMemorySendGate } from './in-memory-send-gate';
import { InMemoryAttachmentFiles, InMemorySenderSessions } from './in-memory-senders';

/** The send handler with its collaborators, on these fakes, behind the pacing send gate. */
export async function sendMessagesHandlerOn(
  messages: MessageRepository,
  messengers: FakeMessenger[],
  sessions = new InMemorySenderSessions(),
  files = new InMemoryAttachmentFiles(),
  gate = inMemorySendGate(sessions),
  /** The send path's gate; by default the pacing gate over `gate`. */
  sendGate?: SendGate,
): Promise<SendMessagesHandler> {
  const module = await handlerTestingModule([
    ...gate.providers,
    sendGate ? { provide: SendGate, useValue: sendGate } : { provide: SendGate, useClass: PacingSendGate },
    { provide: SendLimits, useValue: { perSession: 2, sendingTimeoutMs: 60_000 } satisfies SendLimits },
    SendMessagesHandler,
    OutgoingMessages,
    SendOutcomes,
    { provide: MessageRepository, useValue: messages },
    { provide: MessengerRegistry, useValue: new MessengerRegistry(messengers) },
    { provide: SenderSessions, useValue: sessions },
    { provide: AttachmentFiles, useValue: files },
  ]);
  return module.get(SendMessagesHandler);
}
