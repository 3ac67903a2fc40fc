import { AggregateRoot, uuidV7 } from '@app/shared-kernel';
import { MessageFailed } from './message-failed.event';
import { MessageQueued } from './message-queued.event';
import { MessageSent } from './message-sent.event';
import { IllegalStatusTransition, InvalidMessage } from './message.errors';

/** A messenger's name, as its adapter's descriptor declares it: the domain keeps no list of them. */
export type MessengerName = string;

export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'read', 'failed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const MAX_RECIPIENT_LENGTH = 320;
export const MAX_TEXT_LENGTH = 4096;

// why: `sending → sending` is a new attempt after one that never reached the provider's answer;
// `failed → sending` is an operator replaying the dead-lettered send.
const NEXT: Record<MessageStatus, readonly MessageStatus[]> = {
  queued: ['sending', 'failed'],
  sending: ['sending', 'sent', 'failed'],
  sent: ['delivered', 'failed'],
  delivered: ['read'],
  read: [],
  failed: ['sending'],
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

  /** Nothing left to send: the provider took it. A failed message is sent again only when its send is replayed. */
  get isSettled(): boolean {
    return this.state.status === 'sent' || this.state.status === 'delivered' || this.state.status === 'read';
  }

  snapshot(): Readonly<MessageState> {
    return { ...this.state, attachments: [...this.state.attachments], history: this.state.history.map((change) => ({ ...change })) };
  }

  /** `detail`: how it is sent, when not the usual way (through its session's fallback). */
  markSending(now = new Date(), detail?: string): void {
    this.moveTo('sending', now, detail);
    this.state.attempts += 1;
  }

  markSent(providerMessageId: string, now = new Date()): void {
    this.moveTo('sent', now);
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
