/** What went wrong, in terms a client can act on; the HTTP layer maps it to a status. */
export type DomainErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'too-large'
  | 'unsupported-type'
  | 'range-not-satisfiable'
  | 'unprocessable';

/** A rule of the domain was broken. Thrown, never returned; final for retries. */
export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
