import { DomainError } from '@app/shared-kernel';

export class DeadLetterNotFound extends DomainError {
  readonly kind = 'not-found';
  constructor(id: string) {
    super(`No dead letter ${id}.`);
  }
}

export class DeadLetterAlreadyReplayed extends DomainError {
  readonly kind = 'conflict';
  constructor(id: string, at: Date) {
    super(`Dead letter ${id} was already replayed at ${at.toISOString()}.`);
  }
}
