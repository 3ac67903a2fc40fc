import { Command } from '@nestjs/cqrs';

export class RegisterUserCommand extends Command<{ id: string }> {
  constructor(
    readonly email: string,
    readonly password: string,
  ) {
    super();
  }
}
