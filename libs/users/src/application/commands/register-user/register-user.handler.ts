import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Email } from '../../../domain/email.vo';
import { User } from '../../../domain/user.aggregate';
import { EmailAlreadyTaken } from '../../../domain/user.errors';
import { PasswordHasher } from '../../ports/password-hasher';
import { UserRepository } from '../../ports/user.repository';
import { AdminEmails } from '../../admin-emails';
import { RegisterUserCommand } from './register-user.command';

@CommandHandler(RegisterUserCommand)
export class RegisterUserHandler implements ICommandHandler<RegisterUserCommand> {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly adminEmails: AdminEmails,
  ) {}

  async execute({ email, password }: RegisterUserCommand) {
    const address = Email.of(email);
    const hash = await this.hasher.hash(password);
    return this.register(address, hash);
  }

  @Transactional()
  private async register(address: Email, passwordHash: string) {
    if (await this.users.existsByEmail(address)) throw new EmailAlreadyTaken(address.value);
    const role = this.adminEmails.includes(address) ? 'admin' : 'user';
    const user = User.register(address, passwordHash, role);
    await this.users.save(user);
    return { id: user.id };
  }
}
