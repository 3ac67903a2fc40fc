import { DomainError } from '@app/shared-kernel';

export class InvalidEmail extends DomainError {
  readonly kind = 'invalid';
  constructor(raw: string) {
    super(`"${raw.slice(0, 64)}" is not a valid email address.`);
  }
}

export class EmailAlreadyTaken extends DomainError {
  readonly kind = 'conflict';
  constructor(email: string) {
    super(`An account with the email ${email} already exists.`);
  }
}

export class InvalidCredentials extends DomainError {
  readonly kind = 'unauthenticated';
  constructor() {
    super('The email or password is wrong.');
  }
}

export class InvalidRefreshToken extends DomainError {
  readonly kind = 'unauthenticated';
  constructor(reason: string) {
    super(`The refresh token is not valid: ${reason}. Log in again.`);
  }
}

export class UserNotFound extends DomainError {
  readonly kind = 'not-found';
  constructor(reference: string) {
    super(`No user ${reference}.`);
  }
}

export class ApiKeyNotFound extends DomainError {
  readonly kind = 'not-found';
  constructor(id: string) {
    super(`No API key ${id}.`);
  }
}
