import { DomainEvent } from '@app/shared-kernel';
import { MessageRepository } from '../application/ports/message.repository';
import { Messenger, OutgoingMessage, ProviderReceipt } from '../application/ports/messenger';
import { MessengerDescriptor } from '../application/ports/messenger-descriptor';
import { Message, NewMessage } from '../domain/message.aggregate';
import { SANDBOX_DESCRIPTOR } from '../infrastructure/messengers/sandbox.messenger';

export const OWNER_ID = '0190a000-0000-7000-8000-0000000000a1';

/** Stores snapshots, as a database would: a handler that forgets to save changes nothing here. */
export class InMemoryMessageRepository extends MessageRepository {
  readonly messages = new Map<string, Message>();
  readonly published: DomainEvent[] = [];

  readonly correlationIds = new Map<string, string | null>();

  async save(message: Message): Promise<void> {
    this.published.push(...message.pullEvents());
    this.messages.set(message.id, Message.restore(message.snapshot()));
  }

  async add(message: Message): Promise<void> {
    if (this.messages.has(message.id)) throw new Error(`message ${message.id} is already stored`);
    await this.save(message);
  }

  async saveAll(entries: readonly { message: Message; correlationId?: string | null }[]): Promise<void> {
    for (const { message, correlationId } of entries) {
      if (correlationId !== undefined) this.correlationIds.set(message.id, correlationId);
      await this.save(message);
    }
  }

  async findForUpdate(id: string): Promise<Message | null> {
    const message = this.messages.get(id);
    return message ? Message.restore(message.snapshot()) : null;
  }

  async findManyForUpdate(ids: readonly string[]): Promise<Message[]> {
    const found = await Promise.all([...new Set(ids)].sort().map((id) => this.findForUpdate(id)));
    return found.filter((message): message is Message => message !== null);
  }

  async findByIdempotencyKey(ownerId: string, key: string): Promise<Message | null> {
    const message = [...this.messages.values()].find((m) => m.ownerId === ownerId && m.snapshot().idempotencyKey === key);
    return message ? Message.restore(message.snapshot()) : null;
  }

  async cancelPendingOfRequest(requestId: string, ownerId?: string): Promise<number> {
    const pending = [...this.messages.values()].filter((m) => m.snapshot().requestId === requestId && (!ownerId || m.ownerId === ownerId) && (m.status === 'queued' || m.status === 'scheduled'));
    for (const message of pending) {
      const cancelled = Message.restore(message.snapshot());
      cancelled.cancel();
      cancelled.pullEvents();
      this.messages.set(cancelled.id, cancelled);
    }
    return pending.length;
  }

  async recipientsOfRequest(ownerId: string, requestId: string, recipients: readonly string[]): Promise<Set<string>> {
    const wanted = new Set(recipients);
    return new Set([...this.messages.values()].map((m) => m.snapshot()).filter((m) => m.ownerId === ownerId && m.requestId === requestId && wanted.has(m.to)).map((m) => m.to));
  }

  stored(id: string): ReturnType<Message['snapshot']> {
    return this.messages.get(id)!.snapshot();
  }
}

/** A messenger (the sandbox's descriptor unless given another) that remembers its calls and can be told to fail the next ones. */
export class FakeMessenger extends Messenger {
  readonly calls: OutgoingMessage[] = [];
  private failures: Error[] = [];

  constructor(readonly descriptor: MessengerDescriptor = SANDBOX_DESCRIPTOR) {
    super();
  }

  failNext(...errors: Error[]): this {
    this.failures.push(...errors);
    return this;
  }

  async send(message: OutgoingMessage): Promise<ProviderReceipt> {
    this.calls.push(message);
    const failure = this.failures.shift();
    if (failure) throw failure;
    return { providerMessageId: `fake-${message.messageId}` };
  }
}

export function aQueuedMessage(fields: Partial<NewMessage> = {}, now?: Date): Message {
  return Message.queue({ ownerId: OWNER_ID, messenger: 'sandbox', to: '+15550100', text: 'hello', ...fields }, now);
}
