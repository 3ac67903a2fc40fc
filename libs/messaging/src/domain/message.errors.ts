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
