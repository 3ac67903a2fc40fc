import { Provider } from '@nestjs/common';
import { MessengerRegistry } from '../application/messenger-registry';
import { Messenger } from '../application/ports/messenger';
import { SessionCipher } from '../application/ports/session-cipher';
import { SessionRepository } from '../application/ports/session.repository';
import { WebhookUrls } from '../application/ports/webhook-urls';
import { SessionMessengers } from '../application/session-messengers';
import { Session } from '../domain/session.aggregate';

/** Stores snapshots, as a database would: a handler that forgets to save changes nothing here. */
export class InMemorySessionRepository extends SessionRepository {
  readonly rows = new Map<string, Session>();

  async add(session: Session): Promise<void> {
    if (this.rows.has(session.id)) throw new Error(`session ${session.id} is already stored`);
    this.rows.set(session.id, Session.restore(session.snapshot()));
  }

  async save(session: Session): Promise<void> {
    this.rows.set(session.id, Session.restore(session.snapshot()));
  }

  async find(ownerId: string, id: string): Promise<Session | null> {
    const session = this.rows.get(id);
    return session && session.snapshot().ownerId === ownerId ? Session.restore(session.snapshot()) : null;
  }

  async findForWebhook(id: string): Promise<Session | null> {
    const session = this.rows.get(id);
    return session ? Session.restore(session.snapshot()) : null;
  }

  async list(ownerId: string, after: string | null, limit: number): Promise<Session[]> {
    const mine = [...this.rows.values()].filter((session) => session.snapshot().ownerId === ownerId && (after === null || session.id < after));
    return mine.sort((a, b) => (a.id < b.id ? 1 : -1)).slice(0, limit);
  }

  async expireOverdue(now: Date): Promise<number> {
    const due = [...this.rows.values()].filter((session) => session.expireIfDue(now));
    return due.length;
  }

  stored(id: string) {
    return this.rows.get(id)?.snapshot();
  }
}

/** A cipher that is only ever asked whether it can work: the in-memory repository keeps secrets as they are. */
export class FakeSessionCipher extends SessionCipher {
  constructor(readonly unavailableReason: string | null = null) {
    super();
  }

  encrypt(plain: string): string {
    return plain;
  }

  decrypt(sealed: string): string {
    return sealed;
  }
}

export class FixedWebhookUrls extends WebhookUrls {
  constructor(private readonly base: string | null = 'https://missive.example.com') {
    super();
  }

  sessionWebhook(messenger: string, sessionId: string, token: string): string | null {
    return this.base && `${this.base}/v1/webhooks/${messenger}/${sessionId}?token=${token}`;
  }
}

/** The providers a session handler spec needs, around these messengers. */
export function sessionProviders(messengers: Messenger[], sessions: InMemorySessionRepository, cipher = new FakeSessionCipher(), webhooks: WebhookUrls = new FixedWebhookUrls()): Provider[] {
  return [
    SessionMessengers,
    { provide: MessengerRegistry, useValue: new MessengerRegistry(messengers) },
    { provide: SessionRepository, useValue: sessions },
    { provide: SessionCipher, useValue: cipher },
    { provide: WebhookUrls, useValue: webhooks },
  ];
}
