import { AggregateRoot, uuidV7 } from '@app/shared-kernel';
import { MessageCancelled } from './message-cancelled.event';
import { MessageFailed } from './message-failed.event';
import { MessageQueued } from './message-queued.event';
import { MessageScheduled } from './message-scheduled.event';
import { MessageSent } from './message-sent.event';
import { IllegalStatusTransition, InvalidMessage, MessageNotCancellable } from './message.errors';

/** A messenger's name, as its adapter's descriptor declares it: the domain keeps no list of them. */
export type MessengerName = string;

export const MESSAGE_STATUSES = ['queued', 'scheduled', 'retrying', 'sending', 'sent', 'delivered', 'read', 'failed', 'unknown', 'cancelled'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const MAX_RECIPIENT_LENGTH = 320;
/** The history entry's detail of a message cancelled with its request before it reached a provider. */
export const CANCELLED_WITH_REQUEST = 'cancelled with its request';
export const MAX_TEXT_LENGTH = 4096;
/** How far ahead a message may be scheduled. */
export const MAX_SCHEDULE_DAYS = 35;
const DAY_MS = 86_400_000;

// why: `retrying` (a message waiting for its next attempt) has not reached a provider either: cancelled the same way.
const CANCELLABLE: readonly MessageStatus[] = ['queued', 'scheduled', 'retrying'];

// why: `sending → sending` is a new attempt after one that never reached the provider's answer;
// `sending → retrying` is an attempt that failed for now, or one a crash cut short that is sent again;
// `sending → unknown` one a crash cut short whose messenger can neither be asked nor resend safely;
// `failed|unknown|retrying → queued` an operator replaying the dead-lettered send; `failed → sending` an older replay.
// Cancelling is not in this table: `cancel()` checks CANCELLABLE.
const NEXT: Record<MessageStatus, readonly MessageStatus[]> = {
  queued: ['sending', 'failed'],
  scheduled: ['sending', 'failed'],
  retrying: ['sending', 'failed', 'queued'],
  sending: ['sending', 'sent', 'failed', 'retrying', 'unknown'],
  sent: ['delivered', 'failed'],
  delivered: ['read'],
  read: [],
  failed: ['sending', 'queued'],
  unknown: ['queued'],
  cancelled: [],
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
  /** The message request (a bulk import) it was queued by; null for a single message. */
  requestId: string | null;
  createdAt: Date;
  /** When it is to be sent, if it was scheduled; null: as soon as possible. */
  sendAt: Date | null;
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
  /** A time in the next {@link MAX_SCHEDULE_DAYS} days to send it at; absent or null: now. */
  sendAt?: Date | null;
  requestId?: string | null;
}

/** One message to one recipient through one messenger, and the way its status went. */
export class Message extends AggregateRoot {
  private constructor(private readonly state: MessageState) {
    super();
  }

  /** A new message: `queued` to be sent now, or `scheduled` when it has a `sendAt`. */
  static queue(fields: NewMessage, now = new Date()): Message {
    checkRecipient(fields.to);
    checkText(fields.text);
    const sendAt = fields.sendAt ?? null;
    if (sendAt) checkSendAt(sendAt, now);
    const status = sendAt ? 'scheduled' : 'queued';
    const message = new Message({
      id: uuidV7(now.getTime()),
      ownerId: fields.ownerId,
      messenger: fields.messenger,
      to: fields.to,
      text: fields.text,
      sessionId: fields.sessionId ?? null,
      attachments: [...(fields.attachments ?? [])],
      status,
      attempts: 0,
      nextAttemptAt: null,
      attemptedAt: null,
      lastError: null,
      providerMessageId: null,
      idempotencyKey: fields.idempotencyKey ?? null,
      requestHash: fields.requestHash ?? null,
      requestId: fields.requestId ?? null,
      createdAt: now,
      sendAt,
      history: [{ status, at: now }],
    });
    message.record(sendAt ? new MessageScheduled(message.id, message.ownerId, sendAt, now) : new MessageQueued(message.id, message.ownerId, now));
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
   * Nothing left to send: the provider took it, it was cancelled (its send command, when it comes, does nothing), or
   * a crash left it `unknown` and its messenger does not resend. A failed or unknown message is sent again only when
   * its send is replayed.
   */
  get isSettled(): boolean {
    const { status } = this.state;
    return status === 'sent' || status === 'delivered' || status === 'read' || status === 'unknown' || status === 'cancelled';
  }

  snapshot(): Readonly<MessageState> {
    return { ...this.state, attachments: [...this.state.attachments], history: this.state.history.map((change) => ({ ...change })) };
  }

  /** An attempt starts: counted, and its history entry says which, and how it is sent when not the usual way (through its session's fallback). */
  markSending(now = new Date(), detail?: string): void {
    this.moveTo('sending', now, detail ? `attempt ${this.state.attempts + 1} ${detail}` : `attempt ${this.state.attempts + 1}`);
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

  /** Cancels a message no provider was handed yet (queued, scheduled, or waiting for a retry), recording MessageCancelled. */
  cancel(now = new Date()): void {
    if (!CANCELLABLE.includes(this.state.status)) throw new MessageNotCancellable(this.id, this.state.status);
    this.enter('cancelled', now);
    const { id, ownerId, messenger, to } = this.state;
    this.record(new MessageCancelled(id, ownerId, messenger, to, now));
  }

  private moveTo(status: MessageStatus, at: Date, detail?: string): void {
    if (!NEXT[this.state.status].includes(status)) throw new IllegalStatusTransition(this.id, this.state.status, status);
    this.enter(status, at, detail);
  }

  private enter(status: MessageStatus, at: Date, detail?: string): void {
    this.state.status = status;
    this.state.history.push(detail === undefined ? { status, at } : { status, at, detail });
  }
}

function checkRecipient(to: string): void {
  if (to.trim().length === 0 || to.length > MAX_RECIPIENT_LENGTH) {
    throw new InvalidMessage(`The recipient (to) must be 1 to ${MAX_RECIPIENT_LENGTH} characters, not blank.`);
  }
}

function checkSendAt(sendAt: Date, now: Date): void {
  if (Number.isNaN(sendAt.getTime())) throw new InvalidMessage('The send time (send_at) is not a valid date.');
  const iso = sendAt.toISOString();
  if (sendAt.getTime() <= now.getTime()) {
    throw new InvalidMessage(`The send time (send_at) ${iso} is not in the future: give a later time, or leave send_at out to send now.`);
  }
  if (sendAt.getTime() - now.getTime() > MAX_SCHEDULE_DAYS * DAY_MS) {
    throw new InvalidMessage(`The send time (send_at) ${iso} is more than ${MAX_SCHEDULE_DAYS} days ahead: schedule at most ${MAX_SCHEDULE_DAYS} days ahead.`);
  }
}

function checkText(text: string): void {
  if (text.length === 0 || text.length > MAX_TEXT_LENGTH) {
    throw new InvalidMessage(`The text must be 1 to ${MAX_TEXT_LENGTH} characters.`);
  }
}
