import { handlerTestingModule } from '@app/platform/testing/handler-testing-module';
import { UserRegistered } from '../../../domain/user-registered.event';
import { EmailAlreadyTaken } from '../../../domain/user.errors';
import { FakePasswordHasher, InMemoryUserRepository } from '../../../testing/in-memory-users';
import { AdminEmails } from '../../admin-emails';
import { PasswordHasher } from '../../ports/password-hasher';
import { UserRepository } from '../../ports/user.repository';
import { RegisterUserCommand } from './register-user.command';
import { RegisterUserHandler } from './register-user.handler';

describe('RegisterUserHandler', () => {
  let users: InMemoryUserRepository;
  let handler: RegisterUserHandler;
  let hasher: FakePasswordHasher;

  beforeEach(async () => {
    users = new InMemoryUserRepository();
    const module = await handlerTestingModule([
      RegisterUserHandler,
      { provide: UserRepository, useValue: users },
      { provide: PasswordHasher, useClass: FakePasswordHasher },
      { provide: AdminEmails, useValue: new AdminEmails(['Boss@Example.com']) },
    ]);
    handler = module.get(RegisterUserHandler);
    hasher = module.get(PasswordHasher);
  });

  it('stores a user with a hashed password and records UserRegistered', async () => {
    const { id } = await handler.execute(new RegisterUserCommand('Ada@Example.com', 'secret-Password-1'));
    const user = users.users.get(id)!;
    expect(user.email.value).toBe('ada@example.com');
    expect(user.passwordHash).toBe('hashed:secret-Password-1');
    expect(user.role).toBe('user');
    expect(users.published).toEqual([expect.any(UserRegistered)]);
  });

  it('refuses an email that is taken, whatever its case', async () => {
    await handler.execute(new RegisterUserCommand('ada@example.com', 'secret-Password-1'));
    await expect(handler.execute(new RegisterUserCommand('ADA@example.com', 'other-Password-2'))).rejects.toThrow(EmailAlreadyTaken);
    expect(users.users.size).toBe(1);
  });

  it('hashes the password before the transaction, not inside it', async () => {
    await handler.execute(new RegisterUserCommand('ada@example.com', 'secret-Password-1'));
    expect(hasher.callsInTransaction).toEqual([false]);
  });

  it('makes admins only of the operator-listed emails', async () => {
    const { id } = await handler.execute(new RegisterUserCommand('boss@example.com', 'secret-Password-1'));
    expect(users.users.get(id)!.role).toBe('admin');
  });
});
