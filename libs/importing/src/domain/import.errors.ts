import { DomainError } from '@app/shared-kernel';

export class IllegalImportTransition extends DomainError {
  readonly kind = 'conflict';
  constructor(id: string, from: string, to: string) {
    super(`Import ${id} cannot go from ${from} to ${to}.`);
  }
}
