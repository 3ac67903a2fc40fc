import { Email } from '../../domain/email.vo';
import { User } from '../../domain/user.aggregate';

/** Users, stored with the events they recorded in the same transaction. */
export abstract class UserRepository {
  /** Throws `EmailAlreadyTaken` when another user has the email, even one whose registration has not committed yet. */
  abstract save(user: User): Promise<void>;
  abstract findById(id: string): Promise<User | null>;
  abstract findByEmail(email: Email): Promise<User | null>;
  abstract existsByEmail(email: Email): Promise<boolean>;
}
