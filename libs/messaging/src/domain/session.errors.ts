import { DomainError } from '@app/shared-kernel';

export class SessionNotFound extends DomainError {
  readonly kind = 'not-found';
  constructor(id: string) {
    super(`No session ${id}.`);
  }
}

/** The step asked for does not fit where the session stands (a code for a session that is already active, expired…). */
export class SessionNotAwaiting extends DomainError {
  readonly kind = 'conflict';
  constructor(id: string, awaited: string, status: string, reason: string | null) {
    super(`Session ${id} is ${status}${reason ? ` (${reason})` : ''}, not ${awaited}; start a new session.`);
  }
}

/** A route of another connect style than the messenger's: the detail names the right route. */
export class WrongConnectStyle extends DomainError {
  readonly kind = 'invalid';
  constructor(messenger: string, style: string, route: string) {
    super(`The ${messenger} messenger is connected by ${style}: use ${route}.`);
  }
}

/** This server cannot open sessions of the messenger (its settings are missing): retrying cannot help until an operator sets them. */
export class MessengerUnavailable extends DomainError {
  readonly kind = 'unprocessable';
  constructor(messenger: string, reason: string) {
    super(`The ${messenger} messenger is not available on this server: ${reason}.`);
  }
}

/** A webhook whose per-session token is missing or wrong. */
export class WebhookRefused extends DomainError {
  readonly kind = 'unauthenticated';
  constructor() {
    super('The webhook token is missing or wrong.');
  }
}

/** A fallback session that cannot stand in for the session: itself, or another messenger's. */
export class FallbackNotAllowed extends DomainError {
  readonly kind = 'unprocessable';
}

/** A change that changes nothing, or cannot be made as asked. */
export class SessionChangeInvalid extends DomainError {
  readonly kind = 'invalid';
}
