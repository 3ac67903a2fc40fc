import { Injectable } from '@nestjs/common';
import { Session } from '../domain/session.aggregate';
import { MessengerUnavailable, WrongConnectStyle } from '../domain/session.errors';
import { MessengerRegistry } from './messenger-registry';
import { Messenger } from './ports/messenger';
import { ConnectStyle } from './ports/messenger-descriptor';
import { SessionCipher } from './ports/session-cipher';

const ROUTE_OF: Record<Exclude<ConnectStyle, 'none'>, string> = {
  otp: 'POST /v1/messaging/sessions/otp',
  qr: 'POST /v1/messaging/sessions/qr',
  credentials: 'POST /v1/messaging/sessions/credentials',
};

/** The messengers as the session steps need them: the right connect style, usable on this server, with the step implemented. */
@Injectable()
export class SessionMessengers {
  constructor(
    private readonly registry: MessengerRegistry,
    private readonly cipher: SessionCipher,
  ) {}

  /** The messenger a new session of this `style` is opened with; a 400 naming the right route, or a 422 saying what is missing. */
  forNewSession(name: string, style: Exclude<ConnectStyle, 'none'>): Messenger {
    const messenger = this.registry.get(name);
    const { connect } = messenger.descriptor;
    if (connect === 'none') throw new WrongConnectStyle(name, 'nothing (it needs no session)', 'POST /v1/messaging/message without session_id');
    if (connect !== style) throw new WrongConnectStyle(name, connect, ROUTE_OF[connect]);
    const reason = messenger.unavailableReason ?? this.cipher.unavailableReason;
    if (reason) throw new MessengerUnavailable(name, reason);
    return messenger;
  }

  /** The messenger an existing session belongs to. */
  of(session: Session): Messenger {
    return this.registry.get(session.snapshot().messenger);
  }

  /** The adapter's implementation of a connection step its descriptor promises. */
  step<K extends keyof Messenger>(messenger: Messenger, method: K): NonNullable<Messenger[K]> {
    const implementation = messenger[method];
    if (typeof implementation !== 'function') throw new Error(`the ${messenger.name} adapter does not implement ${String(method)}`);
    return implementation.bind(messenger) as NonNullable<Messenger[K]>;
  }
}
