import { DomainEvent } from '@app/shared-kernel';
import { SendTransactions } from '../application/commands/send-messages/send-messages.command';
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

  async findSendingSince(before: Date, limit: number): Promise<Message[]> {
    const sending = [...this.messages.values()].map((message) => message.snapshot()).filter(({ status, attemptedAt }) => status === 'sending' && attemptedAt !== null && attemptedAt < before);
    return sending.slice(0, limit).map((row) => Message.restore(row));
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

/**
 * A send's transactions as a test runs them: the ids in `done` count as already done (a redelivery), a transient
 * failure is retried after the step of `retryScheduleMs` for `attempt` (none past its end), and what each phase answered
 * is kept.
 */
export class InMemorySendTransactions implements SendTransactions {
  readonly phases: { phase: 'first' | 'last'; failures: Map<string, Error> }[] = [];

  constructor(
    private readonly done: ReadonlySet<string> = new Set(),
    private readonly retryScheduleMs: readonly number[] = [1_000],
    private readonly attempt = 1,
  ) {}

  async first(work: (isNew: (messageId: string) => boolean) => Promise<Map<string, Error>>): Promise<void> {
    this.phases.push({ phase: 'first', failures: await work((id) => !this.done.has(id)) });
  }

  async last(work: () => Promise<Map<string, Error>>): Promise<void> {
    this.phases.push({ phase: 'last', failures: await work() });
  }

  retryDelayMs(): number | undefined {
    return this.retryScheduleMs[this.attempt - 1];
  }
}
