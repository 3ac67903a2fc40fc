import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Email } from '../../../domain/email.vo';
import { UserNotFound } from '../../../domain/user.errors';
import { UserRepository } from '../../ports/user.repository';
import { PromoteUserCommand } from './promote-user.command';

@CommandHandler(PromoteUserCommand)
export class PromoteUserHandler implements ICommandHandler<PromoteUserCommand> {
  constructor(private readonly users: UserRepository) {}

  @Transactional()
  async execute({ email }: PromoteUserCommand) {
    const user = await this.users.findByEmail(Email.of(email));
    if (!user) throw new UserNotFound(`with the email ${email}`);
    user.promote();
    await this.users.save(user);
    return { id: user.id };
  }
}
