import { DomainError } from '@app/shared-kernel';

export class InvalidMessage extends DomainError {
  readonly kind = 'invalid';
}

export class IllegalStatusTransition extends DomainError {
  readonly kind = 'conflict';
  constructor(id: string, from: string, to: string) {
    super(`Message ${id} cannot go from ${from} to ${to}.`);
  }
}

export class UnknownMessenger extends DomainError {
  readonly kind = 'invalid';
  constructor(name: string, known: readonly string[]) {
    super(`Unknown messenger "${name.slice(0, 64)}": use one of ${known.join(', ')}.`);
  }
}

export class IdempotencyKeyReused extends DomainError {
  readonly kind = 'unprocessable';
  constructor(key: string) {
    super(`The Idempotency-Key "${key}" was already used for another request body; use a new key for a new message.`);
  }
}

export class MessageNotFound extends DomainError {
  readonly kind = 'not-found';
  constructor(id: string) {
    super(`No message ${id}.`);
  }
}

/** The session a message names cannot send it: another user's (or none), not active, or of another messenger. */
export class SessionNotUsable extends DomainError {
  readonly kind = 'unprocessable';
}

/** An attachment the caller has no such file for. */
export class AttachmentNotFound extends DomainError {
  readonly kind = 'not-found';
  constructor(fileId: string) {
    super(`No file ${fileId} among yours to attach: upload it with POST /v1/files/upload first.`);
  }
}

/** An attachment the messenger does not take (its type, its size, one too many). */
export class AttachmentRefused extends DomainError {
  readonly kind = 'unprocessable';
}

/** The message was handed to a provider already, or is over (failed, cancelled): there is nothing left to cancel. */
export class MessageNotCancellable extends DomainError {
  readonly kind = 'conflict';
  constructor(id: string, status: string) {
    super(
      status === 'cancelled'
        ? `Message ${id} is already cancelled.`
        : status === 'failed'
          ? `Message ${id} failed: there is no send left to cancel.`
          : `Message ${id} is ${status}: it was handed to its provider already and can no longer be cancelled.`,
    );
  }
}

/** The send gate held the message back for now (pacing, an open circuit breaker): not attempted, tried again later. */
export class SendHeld extends Error {
  constructor(
    reason: string,
    readonly retryAfterMs: number,
  ) {
    super(reason);
    this.name = 'SendHeld';
  }
}
