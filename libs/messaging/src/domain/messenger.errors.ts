import { DomainError } from '@app/shared-kernel';

/**
 * The provider could not take the message now (timeout, connection reset, 5xx, rate limit): worth retrying.
 * `retryAfterMs` is the provider's own wait (HTTP `Retry-After`, Telegram `FLOOD_WAIT_X`), used for the next attempt
 * instead of the fixed schedule.
 */
export class ProviderUnavailable extends Error {
  constructor(
    message: string,
    readonly code: string | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'ProviderUnavailable';
  }
}

/** The provider refused this message for good (invalid recipient, content refused): retrying cannot help. */
export class MessageRefused extends DomainError {
  readonly kind = 'unprocessable';
  constructor(
    reason: string,
    readonly code: string | null = null,
  ) {
    super(reason);
  }
}

/** The account's credentials no longer work at the provider: the message fails and its session turns `expired`. */
export class SessionAuthRevoked extends DomainError {
  readonly kind = 'unprocessable';
  constructor(
    reason: string,
    readonly code: string | null = null,
  ) {
    super(reason);
  }
}

/** Credentials the provider refused when a session was connected; the detail says what it refused. */
export class CredentialsRefused extends DomainError {
  readonly kind = 'unprocessable';
}

/** A wrong login code. */
export class InvalidCode extends DomainError {
  readonly kind = 'unprocessable';
}

/** A wrong two-step verification password. */
export class InvalidPassword extends DomainError {
  readonly kind = 'unprocessable';
}

/** The login code was right too late: the provider let it expire, so the login has to start over with a new code. */
export class CodeExpired extends DomainError {
  readonly kind = 'unprocessable';
}
