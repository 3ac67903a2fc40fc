import { Command } from '@nestjs/cqrs';

/** Makes an existing user an admin (the operator's `npm run users -- promote <email>`). */
export class PromoteUserCommand extends Command<{ id: string }> {
  constructor(readonly email: string) {
    super();
  }
}
