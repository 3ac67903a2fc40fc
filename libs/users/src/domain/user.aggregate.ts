import { AggregateRoot, uuidV7 } from '@app/shared-kernel';
import { Email } from './email.vo';
import { UserRegistered } from './user-registered.event';

export type UserRole = 'user' | 'admin';

export interface UserState {
  id: string;
  email: Email;
  passwordHash: string;
  role: UserRole;
  createdAt: Date;
}

/** A person or team who owns messages, files and credentials. */
export class User extends AggregateRoot {
  private constructor(private readonly state: UserState) {
    super();
  }

  /** A new account; `admin` only when the operator listed the email in `ADMIN_EMAILS`. */
  static register(email: Email, passwordHash: string, role: UserRole, now = new Date()): User {
    const user = new User({ id: uuidV7(now.getTime()), email, passwordHash, role, createdAt: now });
    user.record(new UserRegistered(user.id, email.value, role, now));
    return user;
  }

  static restore(state: UserState): User {
    return new User({ ...state });
  }

  get id(): string {
    return this.state.id;
  }

  get email(): Email {
    return this.state.email;
  }

  get passwordHash(): string {
    return this.state.passwordHash;
  }

  get role(): UserRole {
    return this.state.role;
  }

  get createdAt(): Date {
    return this.state.createdAt;
  }

  promote(): void {
    this.state.role = 'admin';
  }
}
