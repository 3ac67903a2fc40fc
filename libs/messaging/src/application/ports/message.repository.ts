import { Message } from '../../domain/message.aggregate';

/** Messages, stored with their status history and the outbox rows of what they recorded, in the caller's transaction. */
export abstract class MessageRepository {
  /** Writes the message, its new history entries, and an outbox row for each command or published event it recorded. */
  abstract save(message: Message): Promise<void>;
  /**
   * Writes a message just queued — its row, its first history entry and its outbox rows — in one statement, atomic
   * on its own: it needs no transaction, and joins the caller's when there is one.
   */
  abstract add(message: Message): Promise<void>;
  /**
   * `save` for many messages at once, in a few statements. Each entry may name the correlation id its outbox rows
   * carry (in a batch consumer, that of the delivery that caused it); otherwise they carry the current one.
   */
  abstract saveAll(entries: readonly { message: Message; correlationId?: string | null }[]): Promise<void>;
  /**
   * The message, locked until the transaction ends, so two senders of one message run one after the other; read
   * as it stands once locked, history included, even when the lock waited for another transaction.
   */
  abstract findForUpdate(id: string): Promise<Message | null>;
  /** `findForUpdate` for many messages, locked in id order; the ones that do not exist are left out. */
  abstract findManyForUpdate(ids: readonly string[]): Promise<Message[]>;
  /**
   * Up to `limit` messages `sending` since before `before` (attempts a crash may have cut short), oldest first; read,
   * not locked: `findManyForUpdate` them before changing them.
   */
  abstract findSendingSince(before: Date, limit: number): Promise<Message[]>;
  /**
   * The owner's message created with this Idempotency-Key, if any. The key is locked until the transaction ends,
   * so two requests with one key run one after the other and the second finds the first's message.
   */
  abstract findByIdempotencyKey(ownerId: string, key: string): Promise<Message | null>;
  /**
   * Every message of the request not yet handed to a provider (`queued`, `scheduled`, `retrying`) ends `cancelled`, its
   * history entry saying `CANCELLED_WITH_REQUEST`, in one statement; the sends already queued for them then do nothing.
   * Answers how many.
   */
  abstract cancelPendingOfRequest(requestId: string, ownerId?: string): Promise<number>;
  /** Of these recipients, those the request already has a message for. */
  abstract recipientsOfRequest(ownerId: string, requestId: string, recipients: readonly string[]): Promise<Set<string>>;
}
