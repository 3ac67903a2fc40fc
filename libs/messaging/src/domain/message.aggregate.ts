import { AggregateRoot, uuidV7 } from '@app/shared-kernel';
import { MessageFailed } from './message-failed.event';
import { MessageQueued } from './message-queued.event';
import { MessageSent } from './message-sent.event';
import { IllegalStatusTransition, InvalidMessage } from './message.errors';

/** A messenger's name, as its adapter's descriptor declares it: the domain keeps no list of them. */
export type MessengerName = string;

export const MESSAGE_STATUSES = ['queued', 'retrying', 'sending', 'sent', 'delivered', 'read', 'failed', 'unknown'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const MAX_RECIPIENT_LENGTH = 320;
export const MAX_TEXT_LENGTH = 4096;

// why: `sending → retrying` is an attempt that failed for now, or one a crash cut short that is sent again;
// `sending → unknown` one a crash cut short whose messenger can neither be asked nor resend safely;
// `failed|unknown|retrying → queued` an operator replaying the dead-lettered send; `failed → sending` an older replay.
const NEXT: Record<MessageStatus, readonly MessageStatus[]> = {
  queued: ['sending', 'failed'],
  retrying: ['sending', 'failed', 'queued'],
  sending: ['sending', 'sent', 'failed', 'retrying', 'unknown'],
  sent: ['delivered', 'failed'],
  delivered: ['read'],
  read: [],
  failed: ['sending', 'queued'],
  unknown: ['queued'],
};

export interface StatusChange {
  status: MessageStatus;
  at: Date;
  detail?: string;
}

export interface MessageState {
  id: string;
  ownerId: string;
  messenger: MessengerName;
  to: string;
  text: string;
  /** The session it is sent from; null for messengers that need none (the sandbox). */
  sessionId: string | null;
  /** Ids of the files (from `libs/files`) sent with it, in order. */
  attachments: string[];
  status: MessageStatus;
  attempts: number;
  /** When the retry of a `retrying` message is due; null otherwise. */
  nextAttemptAt: Date | null;
  /** When the last attempt started (the message turned `sending`). */
  attemptedAt: Date | null;
  lastError: string | null;
  providerMessageId: string | null;
  idempotencyKey: string | null;
  requestHash: string | null;
  createdAt: Date;
  history: StatusChange[];
}

export interface NewMessage {
  ownerId: string;
  messenger: MessengerName;
  to: string;
  text: string;
  sessionId?: string | null;
  attachments?: readonly string[];
  idempotencyKey?: string | null;
  requestHash?: string | null;
}

/** One message to one recipient through one messenger, and the way its status went. */
export class Message extends AggregateRoot {
  private constructor(private readonly state: MessageState) {
    super();
  }

  static queue(fields: NewMessage, now = new Date()): Message {
    checkRecipient(fields.to);
    checkText(fields.text);
    const message = new Message({
      id: uuidV7(now.getTime()),
      ownerId: fields.ownerId,
      messenger: fields.messenger,
      to: fields.to,
      text: fields.text,
      sessionId: fields.sessionId ?? null,
      attachments: [...(fields.attachments ?? [])],
      status: 'queued',
      attempts: 0,
      nextAttemptAt: null,
      attemptedAt: null,
      lastError: null,
      providerMessageId: null,
      idempotencyKey: fields.idempotencyKey ?? null,
      requestHash: fields.requestHash ?? null,
      createdAt: now,
      history: [{ status: 'queued', at: now }],
    });
    message.record(new MessageQueued(message.id, message.ownerId, now));
    return message;
  }

  static restore(state: MessageState): Message {
    return new Message({ ...state, attachments: [...state.attachments], history: state.history.map((change) => ({ ...change })) });
  }

  get id(): string {
    return this.state.id;
  }

  get ownerId(): string {
    return this.state.ownerId;
  }

  get messenger(): MessengerName {
    return this.state.messenger;
  }

  get sessionId(): string | null {
    return this.state.sessionId;
  }

  get status(): MessageStatus {
    return this.state.status;
  }

  get requestHash(): string | null {
    return this.state.requestHash;
  }

  get attempts(): number {
    return this.state.attempts;
  }

  get attemptedAt(): Date | null {
    return this.state.attemptedAt;
  }

  /**
   * Nothing left to send: the provider took it, or a crash left it `unknown` and its messenger does not resend. A failed
   * or unknown message is sent again only when its send is replayed.
   */
  get isSettled(): boolean {
    const { status } = this.state;
    return status === 'sent' || status === 'delivered' || status === 'read' || status === 'unknown';
  }

  snapshot(): Readonly<MessageState> {
    return { ...this.state, attachments: [...this.state.attachments], history: this.state.history.map((change) => ({ ...change })) };
  }

  /** An attempt starts: counted, and its history entry says which. */
  markSending(now = new Date()): void {
    this.moveTo('sending', now, `attempt ${this.state.attempts + 1}`);
    this.state.attempts += 1;
    this.state.attemptedAt = now;
    this.state.nextAttemptAt = null;
  }

  /** The attempt failed for now: it is tried again at `nextAttemptAt`. */
  markRetrying(error: string, nextAttemptAt: Date | null, now = new Date()): void {
    this.moveTo('retrying', now, error);
    this.state.lastError = error;
    this.state.nextAttemptAt = nextAttemptAt;
  }

  /**
   * A crash cut the attempt short and the messenger resends (at least once): the message is sent again by a new send
   * command, which this records.
   */
  resendAfterCrash(reason: string, now = new Date()): void {
    this.markRetrying(reason, now, now);
    this.record(new MessageQueued(this.id, this.ownerId, now));
  }

  /** A crash cut the attempt short and nobody can say whether the provider took it (at most once: not sent again). */
  markUnknown(reason: string, now = new Date()): void {
    this.moveTo('unknown', now, reason);
    this.state.lastError = reason;
    this.state.nextAttemptAt = null;
  }

  /** An operator replays its dead-lettered send: it waits for it again, as when it was queued. */
  requeue(detail: string, now = new Date()): void {
    this.moveTo('queued', now, detail);
    this.state.nextAttemptAt = null;
  }

  markSent(providerMessageId: string, now = new Date()): void {
    this.moveTo('sent', now);
    this.state.nextAttemptAt = null;
    this.state.providerMessageId = providerMessageId;
    const { id, ownerId, messenger, to } = this.state;
    this.record(new MessageSent(id, ownerId, messenger, to, providerMessageId, now));
  }

  markDelivered(now = new Date()): void {
    this.moveTo('delivered', now);
  }

  markRead(now = new Date()): void {
    this.moveTo('read', now);
  }

  markFailed(reason: string, now = new Date()): void {
    this.moveTo('failed', now, reason);
    this.state.lastError = reason;
    this.state.nextAttemptAt = null;
    this.record(new MessageFailed(this.id, this.ownerId, reason, now));
  }

  private moveTo(status: MessageStatus, at: Date, detail?: string): void {
    if (!NEXT[this.state.status].includes(status)) throw new IllegalStatusTransition(this.id, this.state.status, status);
    this.state.status = status;
    this.state.history.push(detail === undefined ? { status, at } : { status, at, detail });
  }
}

function checkRecipient(to: string): void {
  if (to.trim().length === 0 || to.length > MAX_RECIPIENT_LENGTH) {
    throw new InvalidMessage(`The recipient (to) must be 1 to ${MAX_RECIPIENT_LENGTH} characters, not blank.`);
  }
}

function checkText(text: string): void {
  if (text.length === 0 || text.length > MAX_TEXT_LENGTH) {
    throw new InvalidMessage(`The text must be 1 to ${MAX_TEXT_LENGTH} characters.`);
  }
}
